import type { RolloutClient, RolloutInput } from '../src/client';
import { startSimulator, type RunningSimulator } from '../src/simulator/server';
import { CREDS } from './scenario';

/** A one-machine simulator without mirrors, for scenarios that park many rollouts rather than time their jobs. */
export function parkingSimulator(speed: number): Promise<RunningSimulator> {
  return startSimulator({
    port: 0,
    speed,
    fleet: 1,
    mirrors: 0,
    seed: 42,
    credentials: [CREDS],
    logLevel: 'silent',
  });
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
