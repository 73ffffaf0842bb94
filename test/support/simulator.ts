import { ClanforgeClient } from '../../src/clanforge/client';
import { ClanforgeCredentials } from '../../src/clanforge/credentials';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server';
import type { SimulatorOptions } from '../../src/simulator/options';

export const ACCESS = 'test-access';
export const SECRET = 'TopSecret-3f9a1c';

/** A simulator on a random loopback port, with the test credentials and quiet logs. */
export function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ port: 0, credentials: [`${ACCESS}:${SECRET}`], logLevel: 'silent', ...options });
}

export function clientFor(
  sim: RunningSimulator,
  overrides: { timeoutMs?: number; secret?: string } = {},
): ClanforgeClient {
  return new ClanforgeClient({
    baseUrl: sim.url,
    credentials: new ClanforgeCredentials(ACCESS, overrides.secret ?? SECRET),
    timeoutMs: overrides.timeoutMs ?? 5_000,
    maxSockets: 10,
  });
}

/** A job as GET /_sim/jobs shows it (diffs also carry `rejected` and `acceptedBy`). */
export interface SimJob {
  kind: string;
  id: number;
  imageid?: number;
  state: number;
  statename: string;
  /** When the job was created, ms since the epoch (the simulator's clock). */
  createdAt: number;
  rejected?: boolean;
  acceptedBy?: number | null;
}

/** GET /_sim/fleets/<id> (product contract fields first). */
export interface SimFleetSummary {
  liveProfileId: number;
  serversByProfile: Record<string, number>;
  active: number;
  restarting: number;
  allocated: number;
  failed: number;
  reserved: number;
  adminLocked: number;
  servers: number;
  switchesAccepted: number;
  switch: { profileId: number; state: string; pending: number; processed: number } | null;
}

/** The simulator's admin API, as a test drives it. */
export function admin(sim: RunningSimulator) {
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${sim.origin}/_sim/${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`/_sim/${path}: HTTP ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    stats: () =>
      call('GET', 'stats') as Promise<{ calls: Record<string, number>; jobs: Record<string, Record<string, number>> }>,
    jobs: () => call('GET', 'jobs') as Promise<{ now: number; jobs: SimJob[] }>,
    job: async (kind: string, id: number) =>
      ((await call('GET', `jobs?kind=${kind}`)) as { jobs: SimJob[] }).jobs.find((j) => j.id === id),
    setFaults: (faults: Record<string, number | number[]>) => call('POST', 'faults', faults),
    complete: (kind: string, id: number) => call('POST', `jobs/${kind}/${id}/complete`),
    fail: (kind: string, id: number, error?: string) => call('POST', `jobs/${kind}/${id}/fail`, error ? { error } : {}),
    /** Accept only these `access:secret` keys from now on (a rotation at Clanforge). */
    setCredentials: (credentials: string[]) => call('POST', 'credentials', { credentials }),
    reset: () => call('POST', 'reset'),
    /** The truth about a `--fleets` fleet (GET /_sim/fleets/<id>). */
    fleet: (fleetId: string) => call('GET', `fleets/${fleetId}`) as Promise<SimFleetSummary>,
    /** Players reserve `count` free servers of the fleet. */
    reserve: (fleetId: string, count: number) =>
      call('POST', `fleets/${fleetId}/reserve`, { count }) as Promise<{ serverIds: number[] }>,
    /** Sessions end (all of the fleet's when no server ids are given). */
    endSessions: (fleetId: string, serverIds?: number[]) =>
      call('POST', `fleets/${fleetId}/sessions/end`, serverIds ? { serverIds } : {}) as Promise<{ ended: number[] }>,
  };
}
