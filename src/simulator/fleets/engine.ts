import type { AllocationRecord, SimFleet, SimServer } from './model';

/** What the fleet clock needs from the rest of the simulator. */
export interface FleetEnv {
  /** A seeded restart time, already scaled by --speed. */
  restartMs(): number;
  /** Whether a server can start `profileId` on its machine at `t` (image installed, profile healthy). */
  canStart(fleet: SimFleet, server: SimServer, t: number): boolean;
  /** Admin-locked: an install of its profile's image is running on its machine. */
  locked(fleet: SimFleet, server: SimServer, t: number): boolean;
  allocation(uuid: string): AllocationRecord | undefined;
}

/**
 * Moves a fleet's servers and its switch forward to `now`, one event time after the other
 * (restart ends, failed-start retries, the switch leaving pending, a batch ending, the deadline).
 * Events are stamped with the time they happen, so the outcome does not depend on how often
 * anyone looks. All servers of a batch share one restart time, so a step costs one pass.
 * Returns whether anything happened.
 */
export function advanceFleet(fleet: SimFleet, now: number, env: FleetEnv): boolean {
  let steps = 0;
  for (; steps < 1_000_000; steps++) {
    const t = nextEvent(fleet);
    if (t === null || t > now) break;
    step(fleet, t, env);
  }
  fleet.advancedTo = Math.max(fleet.advancedTo, now);
  return steps > 0;
}

function nextEvent(fleet: SimFleet): number | null {
  let next = Infinity;
  for (const server of fleet.servers) {
    if (server.restartUntil !== null && server.restartUntil < next) next = server.restartUntil;
    if (server.retryAt !== null && server.retryAt < next) next = server.retryAt;
  }
  const sw = fleet.switch;
  if (sw?.state === 'pending') next = Math.min(next, sw.startAt);
  if (sw?.state === 'processing' && !sw.forced) next = Math.min(next, sw.deadline);
  // A batch that ended (its last restart, or a session end that freed it) starts the next one now.
  if (sw?.state === 'processing' && batchDone(fleet)) next = Math.min(next, fleet.advancedTo);
  return next === Infinity ? null : next;
}

function step(fleet: SimFleet, t: number, env: FleetEnv): void {
  fleet.advancedTo = Math.max(fleet.advancedTo, t);
  let retryMs: number | null = null;
  for (const server of fleet.servers) {
    if (server.restartUntil !== null && server.restartUntil <= t) finishRestart(fleet, server, t, env);
    else if (server.retryAt !== null && server.retryAt <= t) {
      retryMs ??= env.restartMs();
      beginRestart(server, server.profileId, t, retryMs);
    }
  }
  const sw = fleet.switch;
  if (!sw) return;
  if (sw.state === 'pending' && sw.startAt <= t) sw.state = 'processing';
  if (sw.state !== 'processing') return;
  if (!sw.forced && sw.deadline <= t) forceRemaining(fleet, t, env);
  else if (batchDone(fleet)) startBatch(fleet, t, env);
  if (sw.pending === 0) {
    sw.state = 'complete';
    sw.completedAt = t;
    sw.batch = [];
  }
}

export function beginRestart(server: SimServer, profileId: number, t: number, ms: number): void {
  server.profileId = profileId;
  server.restartUntil = t + ms;
  server.retryAt = null;
}

function finishRestart(fleet: SimFleet, server: SimServer, t: number, env: FleetEnv): void {
  server.restartUntil = null;
  const started = env.canStart(fleet, server, t);
  // A failed start is tried again after another restart time (the fault or the install may be gone).
  server.retryAt = started ? null : t + env.restartMs();
  // A restart for a replaced switch leaves the server on the old target: it is still pending.
  if (server.inSwitch && fleet.switch && server.profileId === fleet.switch.profileId) {
    server.inSwitch = false;
    fleet.switch.pending -= 1;
    fleet.switch.processed += 1;
  }
  const session = server.session;
  if (session?.kind !== 'allocation') return;
  const record = env.allocation(session.uuid);
  if (!record || record.fulfilledAt !== null) return;
  if (started) record.fulfilledAt = t;
  else {
    record.error = `server ${server.serverid} failed to start on profile ${server.profileId}`;
    record.serverid = null;
    server.session = null;
  }
}

/** The running batch is over when none of its servers is still restarting for the switch. */
function batchDone(fleet: SimFleet): boolean {
  const sw = fleet.switch;
  if (!sw || sw.state !== 'processing' || sw.forced) return false;
  if (sw.queue.length === 0 && sw.batch.length === 0) return false;
  const batch = new Set(sw.batch);
  return !fleet.servers.some((s) => s.inSwitch && s.restartUntil !== null && batch.has(s.machineid));
}

/**
 * DESIGN 2: the next batch is the free servers on up to MaxMachines machines (all machines when
 * MaxMachines is not set). Busy servers stay on their profile and restart when their session
 * ends or at the deadline (our choice: they do not hold the batch back).
 */
function startBatch(fleet: SimFleet, t: number, env: FleetEnv): void {
  const sw = fleet.switch;
  if (!sw) return;
  while (sw.queue.length > 0) {
    sw.batch = sw.queue.splice(0, sw.maxMachines ?? sw.queue.length);
    const machines = new Set(sw.batch);
    const ms = env.restartMs();
    let restarting = 0;
    for (const server of fleet.servers) {
      if (!server.inSwitch || !machines.has(server.machineid) || server.session) continue;
      beginRestart(server, sw.profileId, t, ms);
      restarting += 1;
    }
    if (restarting > 0) return;
  }
  sw.batch = [];
}

/** At the deadline every server not processed yet is restarted at once; sessions are cut. */
function forceRemaining(fleet: SimFleet, t: number, env: FleetEnv): void {
  const sw = fleet.switch;
  if (!sw) return;
  sw.forced = true;
  sw.queue = [];
  sw.batch = [];
  const ms = env.restartMs();
  for (const server of fleet.servers) {
    if (!server.inSwitch || (server.restartUntil !== null && server.profileId === sw.profileId)) continue;
    if (server.session) dropSession(server, env, 'server force-restarted by a profile switch');
    beginRestart(server, sw.profileId, t, ms);
  }
}

function dropSession(server: SimServer, env: FleetEnv, reason: string): void {
  const session = server.session;
  server.session = null;
  if (session?.kind !== 'allocation') return;
  const record = env.allocation(session.uuid);
  if (record && record.error === null) record.error = reason;
}

/**
 * A session ends now (deallocate, unreserve). A server the switch still counts restarts onto the
 * new profile at once when its machine's batch has already started (DESIGN 1).
 */
export function endSession(fleet: SimFleet, server: SimServer, t: number, env: FleetEnv): void {
  server.session = null;
  const sw = fleet.switch;
  if (!server.inSwitch || !sw || sw.state !== 'processing' || sw.queue.includes(server.machineid)) return;
  beginRestart(server, sw.profileId, t, env.restartMs());
}
