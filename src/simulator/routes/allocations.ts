import { ApiError, conflict, invalid } from '../envelope';
import { beginRestart, endSession } from '../fleets/engine';
import { parseGoDuration } from '../../contract/goDuration';
import { activeOf, type AllocationRecord, type SimFleet } from '../fleets/model';
import type { Params } from '../params';
import type { Store } from '../store';
import type { ApiContext, Route, Scope } from './context';
import {
  assertUuid,
  fleetProfile,
  pathFleetScope,
  queryFleetScope,
  requestFleet,
  requiredUuid,
  rfc3339,
} from './fleet-common';

/** Documented limit of an allocation payload (Allocations Payload page): larger is HTTP 400. */
const MAX_PAYLOAD = 30 * 1024;
const MAX_POLL = 100;

/**
 * 6.1/6.2 with DESIGN 17: the lowest-id free, started, unlocked server of the region, one already
 * on the profile first; a server on another profile (or `restart=true`) restarts onto it and the
 * allocation is fulfilled when it is up. No capacity: the allocation fails at once (our choice).
 */
function allocate(ctx: ApiContext, fromPath: boolean) {
  const fleet = requestFleet(ctx, fromPath);
  const regionId = ctx.params.requiredString('regionid');
  const profileId = ctx.params.requiredId('profileid');
  const uuid = requiredUuid(ctx.params);
  const restart = ctx.params.optionalBool('restart') ?? false;
  if (fromPath) ctx.params.optionalString('project_guid'); // checked, then not used (no Unity project here)
  if (Buffer.byteLength(ctx.body) > MAX_PAYLOAD)
    throw new ApiError('invalid', `payload larger than 30 KB (${Buffer.byteLength(ctx.body)} bytes)`, 400);
  if (fleet.kind !== 'allocation') throw conflict(`fleet ${fleet.fleetId} is not allocation-based`);
  const region = Number(regionId);
  if (!fleet.machines.some((m) => String(m.location + 1) === regionId))
    throw new ApiError('not_found', `regionid ${regionId.slice(0, 40)} not found in fleet ${fleet.fleetId}`);
  fleetProfile(ctx, fleet, profileId);
  if (ctx.store.fleets.allocations.has(uuid)) throw conflict(`uuid ${uuid} is already used by an allocation`);
  const record: AllocationRecord = {
    uuid,
    requestId: ctx.store.fleets.nextRequestId++,
    fleetId: fleet.fleetId,
    regionId,
    profileId,
    requestedAt: ctx.now,
    serverid: null,
    fulfilledAt: null,
    error: null,
    payloadBytes: Buffer.byteLength(ctx.body),
  };
  ctx.store.fleets.allocations.set(uuid, record);
  fleet.liveProfileId = profileId;
  const server = pickServer(ctx, fleet, region, profileId);
  if (!server) record.error = 'no capacity available';
  else {
    server.session = { uuid, kind: 'allocation', players: 0, since: ctx.now };
    record.serverid = server.serverid;
    if (server.profileId === profileId && !restart) record.fulfilledAt = ctx.now;
    else beginRestart(server, profileId, ctx.now, ctx.fleetEnv().restartMs());
  }
  ctx.store.dirty = true;
  ctx.log.info({ fleetId: fleet.fleetId, uuid, profileId, serverid: record.serverid }, 'allocation requested');
  return {
    success: true,
    messages: [],
    allocation: {
      profileid: profileId,
      uuid,
      regions: regionId,
      created: rfc3339(ctx.now),
      requested: rfc3339(ctx.now),
      fleetid: fleet.fleetId,
      ready: '',
    },
  };
}

function pickServer(ctx: ApiContext, fleet: SimFleet, region: number, profileId: number) {
  const env = ctx.fleetEnv();
  const regionOf = new Map(fleet.machines.map((m) => [m.machineid, m.location + 1]));
  const free = fleet.servers
    .filter((s) => s.session === null && activeOf(s) === 1 && regionOf.get(s.machineid) === region)
    .filter((s) => !env.locked(fleet, s, ctx.now));
  return free.find((s) => s.profileId === profileId) ?? free[0];
}

/** The documented allocation fields; `*` fields are `""` until the allocation is fulfilled. */
function describe(ctx: ApiContext, record: AllocationRecord) {
  const found = record.serverid === null ? undefined : ctx.store.fleets.server(record.serverid);
  const up = record.fulfilledAt !== null && found !== undefined;
  const machineid = found?.server.machineid ?? 0;
  return {
    profileid: record.profileId,
    uuid: record.uuid,
    regions: record.regionId,
    created: rfc3339(record.requestedAt),
    requested: rfc3339(record.requestedAt),
    fulfilled: rfc3339(record.fulfilledAt),
    ready: '',
    serverid: up ? (found?.server.serverid ?? '') : '',
    fleetid: record.fleetId,
    regionid: record.regionId,
    machineid: up ? machineid : '',
    ip: up ? `10.${(machineid >> 8) & 255}.${machineid & 255}.1` : '',
    game_port: up ? 9000 + (found?.server.slot ?? 0) * 2 : '',
    ...(record.error !== null && { error: record.error }),
  };
}

/** 6.3: up to 100 uuids of one fleet; an unknown uuid is HTTP 404 (as the Go client expects). */
function poll(ctx: ApiContext) {
  const fleet = requestFleet(ctx, false);
  const uuids = ctx.params.list('uuid').map(assertUuid);
  if (uuids.length === 0) throw invalid('missing required parameter: uuid');
  if (uuids.length > MAX_POLL) throw invalid(`uuid takes at most ${MAX_POLL} values per call`);
  const allocations = uuids.map((uuid) => {
    const record = ctx.store.fleets.allocations.get(uuid);
    if (!record || record.fleetId !== fleet.fleetId) throw new ApiError('not_found', `uuid ${uuid} not found`, 404);
    return describe(ctx, record);
  });
  return { success: true, messages: [], allocations };
}

/** 6.4 with DESIGN 19: live allocations at least `age` old, oldest first, `limit` 10-50. */
function fleetAllocations(ctx: ApiContext) {
  const fleet = requestFleet(ctx, true);
  const ageText = ctx.params.requiredString('age');
  const age = parseGoDuration(ageText);
  if (age === null) throw invalid('age must be a duration with a unit, e.g. "10m", "24h"');
  const limit = ctx.params.optionalInt('limit', 0) ?? 10;
  if (limit < 10 || limit > 50) throw invalid('limit must be between 10 and 50');
  const empty = ctx.params.optionalBool('empty') ?? false;
  const live = [...ctx.store.fleets.allocations.values()].filter((record) => {
    if (record.fleetId !== fleet.fleetId || record.error !== null) return false;
    if (ctx.now - record.requestedAt < ctx.planner.scaled(age)) return false;
    const found = record.serverid === null ? undefined : ctx.store.fleets.server(record.serverid);
    return !empty || (found?.server.session?.players ?? 0) === 0;
  });
  return live
    .sort((a, b) => a.requestedAt - b.requestedAt || a.requestId - b.requestId)
    .slice(0, limit)
    .map((record) => ({
      ...describe(ctx, record),
      requestid: String(record.requestId),
      eta: rfc3339(record.fulfilledAt),
    }));
}

/** 6.5 / DESIGN 20: a fulfilled allocation frees its server, a pending one is dropped. */
function deallocate(ctx: ApiContext, fromPath: boolean) {
  const uuid = requiredUuid(ctx.params);
  const record = ctx.store.fleets.allocations.get(uuid);
  const fleetId = fromPath || ctx.params.has('fleetid') ? requestFleet(ctx, fromPath).fleetId : record?.fleetId;
  if (!record || record.fleetId !== fleetId) throw new ApiError('not_found', `uuid ${uuid} not found`);
  const found = record.serverid === null ? undefined : ctx.store.fleets.server(record.serverid);
  if (found && found.server.session?.uuid === uuid) endSession(found.fleet, found.server, ctx.now, ctx.fleetEnv());
  ctx.store.fleets.allocations.delete(uuid);
  ctx.store.dirty = true;
  ctx.log.info({ fleetId: record.fleetId, uuid }, 'allocation deallocated');
  return { success: true, messages: [], uuid };
}

/** v1 deallocate may omit `fleetid` (public clients do): then the uuid names the fleet. */
function deallocateScope(store: Store, path: string[], params: Params): Scope {
  if (params.has('fleetid')) return queryFleetScope(store, path, params);
  const uuid = requiredUuid(params);
  const record = store.fleets.allocations.get(uuid);
  const fleet = record ? store.fleets.fleets.get(record.fleetId) : undefined;
  if (!fleet) throw new ApiError('not_found', `uuid ${uuid} not found`);
  return { asid: fleet.asid, what: `uuid ${uuid}` };
}

const V1_METHODS = ['GET', 'POST'] as const; // the pages list GET; their curl examples POST

export const allocationRoutes: Route[] = [
  {
    template: 'server/allocate',
    pattern: /^\/v1\/server\/allocate$/,
    methods: V1_METHODS,
    mutates: true,
    scope: queryFleetScope,
    handle: (ctx) => allocate(ctx, false),
  },
  {
    template: 'v2/fleet/server/allocate',
    pattern: /^\/v2\/fleet\/([^/]+)\/server\/allocate$/,
    methods: ['POST'],
    mutates: true,
    readsBody: true,
    httpErrors: true,
    scope: pathFleetScope,
    handle: (ctx) => allocate(ctx, true),
  },
  {
    template: 'server/allocations',
    pattern: /^\/v1\/server\/allocations$/,
    mutates: false,
    scope: queryFleetScope,
    handle: poll,
  },
  {
    template: 'v2/fleet/allocations',
    pattern: /^\/v2\/fleet\/([^/]+)\/allocations$/,
    mutates: false,
    httpErrors: true,
    scope: pathFleetScope,
    handle: fleetAllocations,
  },
  {
    template: 'server/deallocate',
    pattern: /^\/v1\/server\/deallocate$/,
    methods: V1_METHODS,
    mutates: true,
    scope: deallocateScope,
    handle: (ctx) => deallocate(ctx, false),
  },
  {
    template: 'v2/fleet/server/deallocate',
    pattern: /^\/v2\/fleet\/([^/]+)\/server\/deallocate$/,
    methods: ['POST'],
    mutates: true,
    httpErrors: true,
    scope: pathFleetScope,
    handle: (ctx) => deallocate(ctx, true),
  },
];
