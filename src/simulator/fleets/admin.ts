import type { IncomingMessage } from 'node:http';
import { AdminError, type AdminRoute } from '../admin-error';
import { readJsonObject } from '../http-util';
import type { Sim } from '../sim';
import { endSession } from './engine';
import { activeOf, type SimFleet } from './model';
import { deadlineText } from './switch';

function fleetOf(sim: Sim, fleetId: string | undefined): SimFleet {
  const fleet = sim.store.fleets.fleets.get(fleetId ?? '');
  if (!fleet) throw new AdminError(404, `fleet ${fleetId ?? ''} not found`);
  return fleet;
}

/** The truth about a fleet, for tests (product contract: liveProfileId … allocated). */
export function fleetSummary(sim: Sim, fleet: SimFleet) {
  const env = sim.fleetEnv();
  const now = sim.opts.now();
  const serversByProfile: Record<string, number> = {};
  const count = { active: 0, restarting: 0, failed: 0, allocated: 0, reserved: 0, adminLocked: 0 };
  for (const server of fleet.servers) {
    serversByProfile[String(server.profileId)] = (serversByProfile[String(server.profileId)] ?? 0) + 1;
    const active = activeOf(server);
    if (active === 1) count.active += 1;
    if (active === 2) count.restarting += 1;
    if (active === 0) count.failed += 1;
    if (server.session) count.allocated += 1;
    if (server.session?.kind === 'reservation') count.reserved += 1;
    if (env.locked(fleet, server, now)) count.adminLocked += 1;
  }
  const sw = fleet.switch;
  return {
    fleetId: fleet.fleetId,
    kind: fleet.kind,
    liveProfileId: fleet.liveProfileId,
    servers: fleet.servers.length,
    serversByProfile,
    ...count,
    switchesAccepted: fleet.switchesAccepted,
    switch: sw && {
      profileId: sw.profileId,
      state: sw.state,
      pending: sw.pending,
      processed: sw.processed,
      maxMachines: sw.maxMachines,
      deadline: deadlineText(sw.deadline),
      forced: sw.forced,
      requestedAt: new Date(sw.requestedAt).toISOString(),
      completedAt: sw.completedAt === undefined ? null : new Date(sw.completedAt).toISOString(),
      observedCompleteAt: sw.observedCompleteAt === undefined ? null : new Date(sw.observedCompleteAt).toISOString(),
    },
  };
}

function optionalCount(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new AdminError(400, `${name} must be a non-negative integer`);
  return value;
}

/**
 * `{"count": n, "players"?: p}`: players reserve the n lowest-id free, started servers (a
 * reservation fleet's busy servers; on an allocation fleet too, as sessions the API did not make).
 */
async function reserve(sim: Sim, req: IncomingMessage, [fleetId]: string[]) {
  const fleet = fleetOf(sim, fleetId);
  const body = await readJsonObject(req);
  const count = optionalCount(body, 'count') ?? 1;
  const players = optionalCount(body, 'players') ?? 1;
  const now = sim.opts.now();
  const free = fleet.servers.filter((s) => s.session === null && activeOf(s) === 1).slice(0, count);
  if (free.length < count)
    throw new AdminError(409, `only ${free.length} free started servers in fleet ${fleet.fleetId}`);
  for (const server of free) {
    const uuid = `00000000-0000-4000-8000-${server.serverid.toString(16).padStart(12, '0')}`;
    server.session = { uuid, kind: 'reservation', players, since: now };
  }
  sim.store.dirty = true;
  return { serverIds: free.map((s) => s.serverid) };
}

/**
 * `{"serverIds"?: [...], "count"?: n}`: those sessions end (all when neither is given), as when
 * players leave; an allocation's record goes as on deallocate. Servers the switch still counts
 * restart onto its profile.
 */
async function endSessions(sim: Sim, req: IncomingMessage, [fleetId]: string[]) {
  const fleet = fleetOf(sim, fleetId);
  const body = await readJsonObject(req);
  const ids = body.serverIds;
  if (ids !== undefined && (!Array.isArray(ids) || !ids.every((id) => Number.isSafeInteger(id))))
    throw new AdminError(400, 'serverIds must be an array of server ids');
  const count = optionalCount(body, 'count');
  let busy = fleet.servers.filter((s) => s.session !== null);
  if (Array.isArray(ids)) busy = busy.filter((s) => ids.includes(s.serverid));
  if (count !== undefined) busy = busy.slice(0, count);
  const now = sim.opts.now();
  const env = sim.fleetEnv();
  for (const server of busy) {
    if (server.session?.kind === 'allocation') sim.store.fleets.allocations.delete(server.session.uuid);
    endSession(fleet, server, now, env);
  }
  sim.store.dirty = true;
  return { ended: busy.map((s) => s.serverid) };
}

export const fleetAdminRoutes: AdminRoute[] = [
  {
    method: 'GET',
    pattern: /^\/fleets$/,
    handle: (sim) => ({ fleets: [...sim.store.fleets.fleets.values()].map((f) => fleetSummary(sim, f)) }),
  },
  { method: 'GET', pattern: /^\/fleets\/([^/]+)$/, handle: (sim, _req, [id]) => fleetSummary(sim, fleetOf(sim, id)) },
  { method: 'POST', pattern: /^\/fleets\/([^/]+)\/reserve$/, handle: reserve },
  { method: 'POST', pattern: /^\/fleets\/([^/]+)\/sessions\/end$/, handle: endSessions },
];
