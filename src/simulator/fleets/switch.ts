import type { Rng } from '../random';
import type { FleetSwitch, SimFleet } from './model';

/** Realistic seconds a switch waits in `pending` before its first batch, before --speed. */
const QUEUE_S: [number, number] = [2, 10];

export interface SwitchRequest {
  profileId: number;
  /** Already scaled by --speed. */
  timeoutMs: number;
  maxMachines: number | null;
}

/**
 * A new switch record (DESIGN 6-7): it replaces any running one (switching back mid-switch is
 * the only documented rollback). Every server not already up on the profile is counted pending;
 * to the live profile with nothing running, the record is `complete` at once with 0/0.
 */
export function startSwitch(
  fleet: SimFleet,
  request: SwitchRequest,
  now: number,
  rng: Rng,
  scaled: (ms: number) => number,
): FleetSwitch {
  const running = fleet.switch !== null && fleet.switch.state !== 'complete';
  const record: FleetSwitch = {
    profileId: request.profileId,
    state: 'pending',
    requestedAt: now,
    startAt: now + scaled(rng.int(QUEUE_S[0], QUEUE_S[1]) * 1000),
    deadline: now + request.timeoutMs,
    maxMachines: request.maxMachines,
    pending: 0,
    processed: 0,
    queue: [],
    batch: [],
    forced: false,
  };
  const noop = !running && request.profileId === fleet.liveProfileId;
  const queued = new Set<number>();
  for (const server of fleet.servers) {
    const upOnProfile =
      server.profileId === request.profileId && server.restartUntil === null && server.retryAt === null;
    server.inSwitch = !noop && !upOnProfile;
    if (!server.inSwitch) continue;
    record.pending += 1;
    queued.add(server.machineid);
  }
  record.queue = fleet.machines.map((m) => m.machineid).filter((id) => queued.has(id));
  if (record.pending === 0) [record.state, record.completedAt] = ['complete', now];
  fleet.switch = record;
  fleet.switchesAccepted += 1;
  fleet.liveProfileId = request.profileId;
  return record;
}

/** DESIGN 9: UTC RFC 3339 with two fractional digits, like the documented example. */
export function deadlineText(ms: number): string {
  return new Date(ms).toISOString().replace(/(\.\d{2})\dZ$/, '$1Z');
}
