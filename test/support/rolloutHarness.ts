import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { DEFAULT_POLL_POLICY, scalePolicy } from '../../src/activities/pollSchedule';
import { RolloutClient } from '../../src/client';
import type { RunningSimulator } from '../../src/simulator/server';
import type { SimulatorOptions } from '../../src/simulator/options';
import type { RolloutStatus } from '../../src/contract/rollout/status';
import { admin, clientFor, startTestSimulator } from './simulator';
import { quietTemporalRuntime } from './quietRuntime';
import { createTestWorker, makeTestWorkerCurrent } from './testWorker';
import { waitForStatus } from './waitForStatus';

export interface RolloutHarness {
  sim: RunningSimulator;
  rollouts: RolloutClient;
  temporal: Client;
  taskQueue: string;
  admin: ReturnType<typeof admin>;
  /** Polls the status query until `predicate` holds. */
  waitForStatus(
    workflowId: string,
    predicate: (s: RolloutStatus) => boolean,
    timeoutMs?: number,
  ): Promise<RolloutStatus>;
  createCalls(): Promise<Record<string, number>>;
  /** Activities running in this harness's worker right now (its slots in use). */
  inFlightActivities(): number;
  close(): Promise<void>;
}

export type HarnessOptions = SimulatorOptions & {
  speed: number;
  webhookUrl?: string;
  /** Another Temporal than the run's shared dev server. */
  temporalAddress?: string;
  /** Passed to the worker; 0 replays every workflow task from the start. */
  maxCachedWorkflows?: number;
  /**
   * The worker's CLANFORGE_POLL_SCALE; default `speed`. Above `speed`, the worker's minutes pass
   * faster than the simulator's: its jobs look that many times longer (a 10-min update at speed 60
   * with pollScale 600 is a 100-min job to the watch, polled every 20 of its minutes).
   */
  pollScale?: number;
};

/** Where the harness finds Temporal and the run's workflow bundle (vitest injects both). */
export interface HarnessPlace {
  temporalAddress: string;
  workflowCodePath: string;
}

/**
 * One simulator (jobs `speed` times faster than real), one real Worker on its own task queue
 * against the dev server, with the poll policy scaled to the same speed. The worker is versioned
 * as the service's is (testWorker.ts), made current before this returns.
 */
export async function startRolloutHarness(options: HarnessOptions, place: HarnessPlace): Promise<RolloutHarness> {
  quietTemporalRuntime();
  const { webhookUrl, temporalAddress, maxCachedWorkflows, pollScale, ...simOptions } = options;
  const address = temporalAddress ?? place.temporalAddress;
  const sim = await startTestSimulator({ seed: 11, ...simOptions });
  const nativeConnection = await NativeConnection.connect({ address });
  const temporal = new Client({ connection: await Connection.connect({ address }) });
  const taskQueue = `rollout-${randomUUID()}`;
  const worker = await createTestWorker({
    connection: nativeConnection,
    taskQueue,
    workflowCodePath: place.workflowCodePath,
    activities: createActivities(clientFor(sim), {
      pollPolicy: scalePolicy(DEFAULT_POLL_POLICY, pollScale ?? options.speed),
      webhookUrl,
    }),
    maxCachedWorkflows,
  });
  const running = worker.run();
  await makeTestWorkerCurrent(nativeConnection, taskQueue);
  const rollouts = new RolloutClient(temporal, taskQueue);
  return {
    sim,
    rollouts,
    temporal,
    taskQueue,
    admin: admin(sim),
    waitForStatus: (workflowId, predicate, timeoutMs = 60_000) =>
      waitForStatus(rollouts, workflowId, predicate, timeoutMs, 100),
    async createCalls() {
      const calls = (await admin(sim).stats()).calls;
      const creates = [
        'imageupdate/create',
        'imagediff/create',
        'imagediff/retry',
        'imagediff/reject',
        'imageversion/create',
        'imageinstall/queue',
      ];
      return Object.fromEntries(creates.map((c) => [c, calls[c] ?? 0]));
    },
    inFlightActivities: () => worker.getStatus().numInFlightActivities,
    async close() {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await temporal.connection.close();
      await sim.close();
    },
  };
}
