import { beforeEach, describe, expect, it } from 'vitest';
import type { ReleaseStatus } from '../../src/client';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { waitFor } from '../support/wait';

// Issue 20 items 3 and 6, and a release's cancel by its `by`, against the real dev server.
const ASID = 5201;
const h = useRolloutHarness({ speed: 200, fleet: 2, mirrors: 0 });

beforeEach(() => h.admin.setFaults({}));

const total = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);
const nowSeconds = () => Math.floor(Date.now() / 1000);
const image = (imageId: number, extra: Record<string, unknown> = {}) => ({
  accountServiceId: ASID,
  imageId,
  machineId: 7,
  wave: 1,
  ...extra,
});

function waitForRelease(id: string, predicate: (s: ReleaseStatus) => boolean): Promise<ReleaseStatus> {
  return waitFor(() => h.rollouts.getRelease(id), predicate, {
    what: `release ${id}`,
    timeoutMs: 60_000,
    everyMs: 150,
  });
}

describe('installAt at most maxInstallAheadDays ahead', () => {
  it('a rollout: too far ahead or milliseconds is refused at start with nothing created; 400 days lets a year start', async () => {
    const before = await h.createCalls();
    const rollout = (imageId: number, extra: Record<string, unknown>) => ({
      accountServiceId: ASID,
      imageId,
      machineId: 7,
      ...extra,
    });
    await expect(h.rollouts.startRollout(rollout(1, { installAt: nowSeconds() + 40 * 86_400 }))).rejects.toThrow(
      /installAt: .* is more than maxInstallAheadDays \(30\) days after now/,
    );
    await expect(h.rollouts.startRollout(rollout(2, { installAt: 1_796_160_000_000 }))).rejects.toThrow(
      /installAt: 1796160000000 looks like milliseconds; installAt is unix seconds: 1796160000/,
    );
    await expect(h.rollouts.handle('rollout-5201-1').describe()).rejects.toThrow();
    await expect(h.rollouts.handle('rollout-5201-2').describe()).rejects.toThrow();
    expect(total(await h.createCalls())).toBe(total(before));

    const { workflowId } = await h.rollouts.startRollout(
      rollout(3, { installAt: nowSeconds() + 365 * 86_400, maxInstallAheadDays: 400 }),
    );
    await h.waitForStatus(workflowId, (s) => s.phase === 'scheduled');
    await h.rollouts.cancelRollout(workflowId, 'test over');
    expect((await h.rollouts.result(workflowId)).phase).toBe('cancelled');
  });

  it('a release: the same rules, naming the field; 400 days lets a year-ahead release start', async () => {
    const before = await h.createCalls();
    await expect(
      h.rollouts.startRelease({ releaseId: 'far', installAt: nowSeconds() + 40 * 86_400, images: [image(4)] }),
    ).rejects.toThrow(/installAt: .* is more than maxInstallAheadDays \(30\) days after now/);
    await expect(
      h.rollouts.startRelease({ releaseId: 'millis', installAt: 1_796_160_000_000, images: [image(5)] }),
    ).rejects.toThrow(/installAt: 1796160000000 looks like milliseconds; installAt is unix seconds: 1796160000/);
    await expect(h.rollouts.handle('release-far').describe()).rejects.toThrow();
    await expect(h.rollouts.handle('release-millis').describe()).rejects.toThrow();
    expect(total(await h.createCalls())).toBe(total(before));

    await h.rollouts.startRelease({
      releaseId: 'year-ahead',
      installAt: nowSeconds() + 365 * 86_400,
      maxInstallAheadDays: 400,
      images: [image(6)],
    });
    await h.waitForStatus('rollout-5201-6', (s) => s.phase === 'scheduled');
    await h.rollouts.cancelRelease('year-ahead', 'test over');
    expect((await h.rollouts.releaseResult('year-ahead')).phase).toBe('cancelled');
  });
});

describe('a release tells the truth about its rollouts', () => {
  it('a rollout awaiting an operator makes the release awaiting-operator, listed; retry of the rollout resumes it', async () => {
    await h.admin.setFaults({ 'failFirst.diff': 1 });
    await h.rollouts.startRelease({
      releaseId: 'needs-person',
      images: [image(11, { diffRetries: 0, retryDelaySeconds: 0 })],
    });
    const waiting = await waitForRelease('needs-person', (s) => s.phase === 'awaiting-operator');
    expect(waiting.awaiting?.reason).toContain('rollout-5201-11');
    expect(waiting.awaiting?.reason).toMatch(/diff/);
    const listed = await h.rollouts.listReleases({ phase: 'awaiting-operator' });
    expect(listed.map((r) => r.workflowId)).toContain('release-needs-person');

    await h.admin.setFaults({});
    await h.rollouts.retryRollout('rollout-5201-11');
    await waitForRelease('needs-person', (s) => s.phase === 'running' || s.phase === 'completed');
    const result = await h.rollouts.releaseResult('needs-person');
    expect(result.phase).toBe('completed');
  });

  it("a release's cancel reaches its rollouts by the release's by", async () => {
    await h.rollouts.startRelease({
      releaseId: 'cancel-by',
      installAt: nowSeconds() + 3600,
      images: [image(21), image(22)],
    });
    for (const id of ['rollout-5201-21', 'rollout-5201-22']) await h.waitForStatus(id, (s) => s.phase === 'scheduled');
    await h.rollouts.cancelRelease('cancel-by', 'wrong build', { by: 'alice' });
    expect((await h.rollouts.releaseResult('cancel-by')).phase).toBe('cancelled');
    for (const id of ['rollout-5201-21', 'rollout-5201-22']) {
      const status = await h.rollouts.getRollout(id);
      expect(status.actions).toEqual([expect.objectContaining({ action: 'cancel', by: 'alice' })]);
    }
  });
});
