import { conflict, invalid } from '../envelope';
import { parseGoDuration } from '../../contract/goDuration';
import type { SimFleet } from '../fleets/model';
import { deadlineText, startSwitch, type SwitchRequest } from '../fleets/switch';
import type { ApiContext, Route } from './context';
import { fleetProfile, pathFleetScope, requestFleet } from './fleet-common';

const BODY_SHAPE = '{"ProfileID": <integer>, "Timeout": "<Go duration, e.g. 30m>", "MaxMachines": <integer, optional>}';
/** Longest Timeout accepted (our choice; the docs give no maximum). */
const MAX_TIMEOUT_MS = 8760 * 3_600_000;

/** Go's JSON decoding matches field names case-insensitively; so do we. */
function field(body: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : body[key];
}

function parseBody(ctx: ApiContext): { profileId: number; timeoutMs: number; maxMachines: number | null } {
  let json: unknown;
  try {
    json = JSON.parse(ctx.body);
  } catch {
    throw invalid(`body must be JSON: ${BODY_SHAPE}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw invalid(`body must be a JSON object: ${BODY_SHAPE}`);
  const body = json as Record<string, unknown>;
  const profileId = field(body, 'ProfileID');
  if (typeof profileId !== 'number' || !Number.isSafeInteger(profileId) || profileId < 1)
    throw invalid('ProfileID must be a positive integer');
  const timeout = field(body, 'Timeout');
  if (typeof timeout !== 'string')
    throw invalid('Timeout is required: a duration with a unit, e.g. "60s", "30m", "2h"');
  const timeoutMs = parseGoDuration(timeout);
  if (timeoutMs === null || timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS)
    throw invalid(
      `Timeout must be a positive duration with a unit (ns, us, ms, s, m, h), e.g. "60s", "1h30m", at most 8760h; got ${JSON.stringify(timeout).slice(0, 80)}`,
    );
  const maxMachines = field(body, 'MaxMachines') ?? null;
  if (
    maxMachines !== null &&
    (typeof maxMachines !== 'number' || !Number.isSafeInteger(maxMachines) || maxMachines < 1)
  )
    throw invalid('MaxMachines must be an integer >= 1 (or absent: all empty servers at once)');
  return { profileId, timeoutMs, maxMachines };
}

/** 3.2's five fields; DESIGN 8: `not requested` with the fleet's profile before any switch. */
function statusOf(fleet: SimFleet) {
  const sw = fleet.switch;
  if (!sw) return { ServersPending: 0, ServersProcessed: 0, ProfileID: fleet.liveProfileId, State: 'not requested' };
  return {
    ServersPending: sw.pending,
    ServersProcessed: sw.processed,
    ProfileID: sw.profileId,
    Deadline: deadlineText(sw.deadline),
    State: sw.state,
  };
}

/** 3.1 with DESIGN 6, 7 and 10; `Timeout` is scaled by --speed like every other simulated duration. */
function patch(ctx: ApiContext) {
  const fleet = requestFleet(ctx, true);
  const body = parseBody(ctx);
  if (fleet.kind !== 'reservation') throw conflict(`fleet ${fleet.fleetId} is not reservation-based`);
  fleetProfile(ctx, fleet, body.profileId);
  const request: SwitchRequest = {
    profileId: body.profileId,
    timeoutMs: ctx.planner.scaled(body.timeoutMs),
    maxMachines: body.maxMachines,
  };
  const previous = fleet.liveProfileId;
  startSwitch(fleet, request, ctx.now, ctx.store.rng.fleet, (ms) => ctx.planner.scaled(ms));
  ctx.store.dirty = true;
  ctx.log.info(
    { fleetId: fleet.fleetId, profileId: body.profileId, previous, maxMachines: body.maxMachines },
    'fleet profile switch requested',
  );
  return statusOf(fleet);
}

function status(ctx: ApiContext) {
  const fleet = requestFleet(ctx, true);
  // Reaction lag, as observedDoneAt for jobs: the first read that could tell the switch ended.
  if (fleet.switch?.state === 'complete') fleet.switch.observedCompleteAt ??= ctx.now;
  return statusOf(fleet);
}

const PATTERN = /^\/v2\/fleet\/([^/]+)\/switchprofile$/;

export const switchProfileRoutes: Route[] = [
  {
    template: 'v2/fleet/switchprofile',
    pattern: PATTERN,
    methods: ['PATCH'],
    mutates: true,
    readsBody: true,
    httpErrors: true,
    scope: pathFleetScope,
    handle: patch,
  },
  {
    template: 'v2/fleet/switchprofile/status',
    pattern: PATTERN,
    mutates: false,
    httpErrors: true,
    scope: pathFleetScope,
    handle: status,
  },
];
