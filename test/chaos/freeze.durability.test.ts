import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChaosStack } from './stack';

// Issue 23: a freeze survives what a rollout survives. The worker that holds a frozen rollout's
// wait is killed (kill -9); after the unfreeze the rollout goes on, on a new worker, with no
// create made while frozen (a held wait lost with its worker is retried on another within a minute).
let stack: ChaosStack;
beforeAll(async () => {
  stack = await ChaosStack.start({ speed: 60, fleet: 2 });
  await stack.startWorker();
}, 120_000);
afterAll(() => stack?.close());

describe('freeze durability', () => {
  it(
    'kill -9 the worker while frozen, then unfreeze: the rollout goes on and completes',
    { timeout: 240_000 },
    async () => {
      await stack.rollouts.freeze({ reason: 'incident 4713', by: 'alice@ops-1' });
      const { workflowId } = await stack.rollouts.startRollout({ accountServiceId: 1001, imageId: 5, machineId: 7 });
      await stack.waitForStatus(workflowId, (s) => s.phase === 'frozen');
      await stack.workers.at(-1)!.kill9();
      await stack.startWorker();
      // Still held on the new worker: its create checks the freeze too.
      expect((await stack.calls())['imagediff/create'] ?? 0).toBe(0);
      await stack.rollouts.unfreeze({ by: 'bob@ops-2' });
      const done = await stack.waitForStatus(workflowId, (s) => s.phase === 'completed', 180_000);
      expect(done.timeline.map((t) => t.event)).toContainEqual(
        expect.stringMatching(/^unfrozen by bob@ops-2 .*: back to diffing$/),
      );
      expect((await stack.calls())['imagediff/create']).toBe(1);
    },
  );
});
