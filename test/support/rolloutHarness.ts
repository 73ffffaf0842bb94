import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createActivities } from '../../src/activities';
import { DEFAULT_POLL_POLICY, scalePolicy } from '../../src/activities/pollSchedule';
import { RolloutClient } from '../../src/client';
import { RolloutMetrics } from '../../src/metrics/registry';
import { resolveBuildId } from '../../src/service/buildId';
import { makeVersionCurrent, workerDeploymentOptions } from '../../src/service/deploymentVersion';
import type { RunningSimulator } from '../../src/simulator/server';
import type { SimulatorOptions } from '../../src/simulator/options';
import type { RolloutStatus } from '../../src/contract/rollout/status';
import { admin, clientFor, startTestSimulator } from './simulator';
import { quietTemporalRuntime } from './quietRuntime';
import { waitForStatus } from './waitForStatus';

export const WORKFLOWS_PATH = resolve(__dirname, '../../src/workflows/index.ts');

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

/**
 * One simulator (jobs `speed` times faster than real), one real Worker on its own task queue
 * against the shared dev server, with the poll policy scaled to the same speed. The worker is
 * versioned as the service's is, in a Worker Deployment of its own (named after its queue, so
 * parallel harnesses never move each other's current version), made current before it returns.
 */
export async function startRolloutHarness(
  options: SimulatorOptions & { speed: number; webhookUrl?: string; temporalAddress?: string },
): Promise<RolloutHarness> {
  quietTemporalRuntime();
  const { webhookUrl, temporalAddress, ...simOptions } = options;
  const address = temporalAddress ?? inject('temporalAddress');
  const sim = await startTestSimulator({ seed: 11, ...simOptions });
  const nativeConnection = await NativeConnection.connect({ address });
  const temporal = new Client({ connection: await Connection.connect({ address }) });
  const taskQueue = `rollout-${randomUUID()}`;
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: silent() });
  const deployment = { deploymentName: taskQueue, buildId: resolveBuildId(), setCurrent: true };
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workerDeploymentOptions: workerDeploymentOptions(deployment),
    workflowBundle,
    activities: createActivities(clientFor(sim), {
      pollPolicy: scalePolicy(DEFAULT_POLL_POLICY, options.speed),
      webhookUrl,
    }),
    // The workflow reports phase changes to this sink; without it every change logs an error.
    sinks: new RolloutMetrics().sinks(),
  });
  const running = worker.run();
  await makeVersionCurrent(
    nativeConnection.workflowService,
    { namespace: 'default', ...deployment },
    { info: () => {} },
  );
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

function silent() {
  const noop = () => undefined;
  return { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
}
