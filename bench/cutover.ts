import { randomUUID } from 'node:crypto';
import { temporal as proto } from '@temporalio/proto';
import { RolloutClient } from '../src/client';
import { startSimulator } from '../src/simulator/server';
import { watchProcess } from './procStats';
import { CREDS, startBenchWorker } from './benchWorker';
import { round, type TemporalUnderTest } from './scenario';

export interface CutoverScenario {
  name: string;
  machines: number;
  serversPerMachine: number;
  /** MaxMachines of the switch: the batch. */
  maxMachines: number;
  speed: number;
  bakeMinutes: number;
}

export interface CutoverBenchResult {
  scenario: string;
  servers: number;
  batches: number;
  /** Time from the PATCH to the first status read that saw `complete`, over the switch's own duration. */
  overheadRatio: number;
  /** The simulator's own duration of the switch: PATCH received to last server processed. */
  switchSeconds: number;
  /** PATCH received to the first status read answering `complete`. */
  seenSeconds: number;
  switchStatusCalls: number;
  switchPatches: number;
  historyEvents: number;
  historyBytes: number;
  largestPayloadBytes: number;
  workerRssMb: number;
  workerCpuSeconds: number;
  completed: number;
  seconds: number;
}

const ASID = 7301;
const FLEET = 'f-bench';
const [A, B] = [701, 702];

interface SwitchAdmin {
  switch: { requestedAt: string; completedAt: string | null; observedCompleteAt: string | null } | null;
}

/** `cutover-N`: one rollout going live on a reservation fleet of N servers, switched in batches. */
export async function runCutover(s: CutoverScenario, temporal: TemporalUnderTest): Promise<CutoverBenchResult> {
  const began = Date.now();
  const sim = await startSimulator({
    port: 0,
    speed: s.speed,
    fleet: 4,
    mirrors: 1,
    seed: 42,
    credentials: [CREDS],
    logLevel: 'silent',
    fleets: {
      fleets: [
        {
          fleetId: FLEET,
          accountServiceId: ASID,
          kind: 'reservation',
          machines: s.machines,
          serversPerMachine: s.serversPerMachine,
          liveProfileId: A,
          profiles: [
            { profileId: A, imageId: 42, name: 'A' },
            { profileId: B, imageId: 43, name: 'B' },
          ],
        },
      ],
    },
  });
  const taskQueue = `bench-cutover-${randomUUID()}`;
  const worker = await startBenchWorker(temporal.address, taskQueue, sim.url, s.speed);
  const watch = watchProcess(worker.process.child.pid!);
  const client = new RolloutClient(temporal.client, taskQueue);
  try {
    const { workflowId } = await client.startRollout({
      accountServiceId: ASID,
      imageId: 43,
      machineId: 7,
      gameBuild: 'bench-b',
      cutover: { fleetId: FLEET, profileId: B, maxMachines: s.maxMachines, timeout: '4h', bakeMinutes: s.bakeMinutes },
    });
    // Listed first (visibility lags a start), or a count of 0 running could come before it.
    while ((await temporal.client.workflow.count(`WorkflowId='${workflowId}'`)).count < 1)
      await new Promise((r) => setTimeout(r, 250));
    const open = `WorkflowId='${workflowId}' AND ExecutionStatus='Running'`;
    while ((await temporal.client.workflow.count(open)).count > 0) await new Promise((r) => setTimeout(r, 2_000));
    const use = watch.stop();
    const result = await client.result(workflowId).catch(() => undefined);
    const history = await client.handle(workflowId).fetchHistory();
    const stats = (await (await fetch(`${sim.origin}/_sim/stats`)).json()) as { calls: Record<string, number> };
    const fleet = (await (await fetch(`${sim.origin}/_sim/fleets/${FLEET}`)).json()) as SwitchAdmin;
    const at = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);
    const requested = at(fleet.switch?.requestedAt);
    const own = at(fleet.switch?.completedAt) - requested;
    const seen = at(fleet.switch?.observedCompleteAt) - requested;
    return {
      scenario: s.name,
      servers: s.machines * s.serversPerMachine,
      batches: Math.ceil(s.machines / s.maxMachines),
      overheadRatio: round(seen / own, 3),
      switchSeconds: round(own / 1000, 2),
      seenSeconds: round(seen / 1000, 2),
      switchStatusCalls: stats.calls['v2/fleet/switchprofile/status'] ?? 0,
      switchPatches: stats.calls['v2/fleet/switchprofile'] ?? 0,
      historyEvents: history.events?.length ?? 0,
      historyBytes: proto.api.history.v1.History.encode(history).finish().length,
      largestPayloadBytes: largestPayload(history),
      workerRssMb: Math.round(use.peakRssMb),
      workerCpuSeconds: round(use.cpuSeconds, 1),
      completed: result?.phase === 'completed' ? 1 : 0,
      seconds: Math.round((Date.now() - began) / 1000),
    };
  } finally {
    await worker.process.stop();
    await sim.close();
  }
}

/** The largest payload (data bytes) anywhere in the history: inputs, results, heartbeats, failures. */
function largestPayload(node: unknown): number {
  if (node === null || typeof node !== 'object') return 0;
  if (node instanceof Uint8Array) return 0;
  const payload = node as { metadata?: unknown; data?: unknown };
  let most = payload.metadata !== undefined && payload.data instanceof Uint8Array ? payload.data.length : 0;
  for (const value of Object.values(node)) most = Math.max(most, largestPayload(value));
  return most;
}
