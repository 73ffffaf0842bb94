import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { RolloutClient, type RolloutInput } from '../src/client';
import { startSimulator } from '../src/simulator/server';
import { CREDS, startBenchWorker } from './benchWorker';

/**
 * What a scenario that parks many rollouts (rather than timing their jobs) runs on: a one-machine
 * simulator without mirrors, one bench worker on a task queue of its own, a client for it.
 */
export async function startParkingStack(name: string, speed: number, temporal: { client: Client; address: string }) {
  const sim = await startSimulator({
    port: 0,
    speed,
    fleet: 1,
    mirrors: 0,
    seed: 42,
    credentials: [CREDS],
    logLevel: 'silent',
  });
  const taskQueue = `bench-${name}-${randomUUID()}`;
  const worker = await startBenchWorker(temporal.address, taskQueue, sim.url, speed);
  return {
    sim,
    worker,
    taskQueue,
    client: new RolloutClient(temporal.client, taskQueue),
    async close() {
      await worker.process.stop();
      await sim.close();
    },
  };
}

/** Starts `count` rollouts 50 at a time, as a release service would (the server and worker share two cores); their ids. */
export async function startInBatches(
  client: RolloutClient,
  count: number,
  inputOf: (n: number) => RolloutInput,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, (_, j) => i + j);
    ids.push(...(await Promise.all(batch.map(async (n) => (await client.startRollout(inputOf(n))).workflowId))));
  }
  return ids;
}
