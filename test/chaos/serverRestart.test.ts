import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChaosStack } from './stack';
import { recordFigure } from './figures';
import { sleep } from '../support/wait';

let stack: ChaosStack;
beforeAll(async () => {
  stack = await ChaosStack.start({ speed: 60, fleet: 2 });
  await stack.startWorker();
});
afterAll(() => stack?.close());

const base = { accountServiceId: 1001, machineId: 7 };

describe('restarts', () => {
  it(
    'the Temporal server stops and starts again (same database) mid-rollout; rollouts continue',
    { timeout: 240_000 },
    async () => {
      const versioning = await stack.rollouts.startRollout({ ...base, imageId: 11 });
      const scheduled = await stack.rollouts.startRollout({
        ...base,
        imageId: 12,
        installAt: Math.floor(Date.now() / 1000) + 25,
      });
      await stack.waitForStatus(
        versioning.workflowId,
        (s) => s.phase === 'versioning' && s.imageVersionId !== undefined,
      );
      await stack.waitForStatus(scheduled.workflowId, (s) => s.phase === 'scheduled');
      const stoppedAt = Date.now();
      await stack.server.stop();
      await sleep(3_000);
      await stack.server.restart();
      recordFigure('Temporal server restart: down for (s)', ((Date.now() - stoppedAt) / 1000).toFixed(1));
      for (const [handle, imageId] of [
        [versioning, 11],
        [scheduled, 12],
      ] as const) {
        const result = await stack.rollouts.result(handle.workflowId);
        expect(result.phase).toBe('completed');
        expect(await stack.jobsOfImage(imageId)).toMatchObject({ diff: 1, version: 1 });
      }
    },
  );

  it(
    'the simulator is killed and restarted from its state file mid-job; the follower copes',
    { timeout: 240_000 },
    async () => {
      const rollout = await stack.rollouts.startRollout({ ...base, imageId: 13 });
      const at = await stack.waitForStatus(
        rollout.workflowId,
        (s) => s.phase === 'versioning' && s.imageVersionId !== undefined,
      );
      await stack.restartSimulator(2_000);
      const result = await stack.rollouts.result(rollout.workflowId);
      expect(result).toMatchObject({ phase: 'completed', diffId: at.diffId, imageVersionId: at.imageVersionId });
      expect(await stack.jobsOfImage(13)).toMatchObject({ diff: 1, version: 1 });
    },
  );
});
