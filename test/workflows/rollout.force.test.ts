import { operatorName } from '../../src/rollouts/operatorName';
import { describe, expect, it } from 'vitest';
import { RolloutActionRefused } from '../../src/client';
import { useRolloutHarness } from '../support/useRolloutHarness';

// "active allocations exist … send force=1": an operator can answer it on a running rollout.
const h = useRolloutHarness({ speed: 200, fleet: 2 });

const allocations = (imageId: number, count: number) =>
  fetch(`${h.sim.origin}/_sim/images/${imageId}/allocations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count }),
  });

describe('retry --force', () => {
  it(
    'is refused where it does not apply, and after an allocations refusal creates the version with force=1',
    { timeout: 120_000 },
    async () => {
      await allocations(81, 3);
      const { workflowId } = await h.rollouts.startRollout({ accountServiceId: 1001, imageId: 81, machineId: 7 });
      const waiting = await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator', 60_000);
      expect(waiting.step).toBe('version');
      expect(waiting.lastError).toMatch(/active allocations exist/);
      // A plain retry is accepted but meets the same refusal.
      await h.rollouts.retryRollout(workflowId);
      await h.waitForStatus(
        workflowId,
        (s) => s.phase === 'awaiting-operator' && s.awaiting !== null && (s.attempts.version ?? 0) >= 2,
        60_000,
      );
      await h.rollouts.retryRollout(workflowId, { force: true });
      const result = await h.rollouts.result(workflowId);
      expect(result.phase).toBe('completed');
      expect(result.timeline.map((t) => t.event)).toContain(`operator: retry by ${operatorName()} with force=1`);
      expect(result.created.imageVersionIds).toHaveLength(1);
    },
  );

  it('is refused for any other failure, with a reason that says what it is for', { timeout: 120_000 }, async () => {
    await h.admin.setFaults({ 'failFirst.diff': 1 });
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: 1001,
      imageId: 82,
      machineId: 7,
      diffRetries: 0,
    });
    await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator', 60_000);
    await h.admin.setFaults({});
    await expect(h.rollouts.retryRollout(workflowId, { force: true })).rejects.toThrow(RolloutActionRefused);
    await expect(h.rollouts.retryRollout(workflowId, { force: true })).rejects.toThrow(
      /only for an image version create refused/,
    );
    await h.rollouts.retryRollout(workflowId);
    expect((await h.rollouts.result(workflowId)).phase).toBe('completed');
  });
});
