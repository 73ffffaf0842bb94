import { beforeEach, describe, expect, it } from 'vitest';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { sleep } from '../support/wait';

const ASID = 1001;
const h = useRolloutHarness({ speed: 200, fleet: 2, mirrors: 1 });
let image = 200;

beforeEach(() => h.admin.setFaults({}));

const input = (extra: Record<string, unknown> = {}) => ({
  accountServiceId: ASID,
  imageId: image++,
  machineId: 7,
  ...extra,
});

describe('approval and schedule', () => {
  it('requireApproval: waits with what the diff found; approve goes on to complete', async () => {
    const { workflowId } = await h.rollouts.startRollout(input({ requireApproval: true }));
    const waiting = await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-approval');
    expect(waiting.awaiting?.actions).toEqual(['approve', 'reject', 'cancel']);
    expect(waiting.awaiting?.reason).toMatch(/diff \d+ found \d+ added, \d+ modified, \d+ removed/);
    expect(waiting.diff).toBeDefined();
    expect((await h.createCalls())['imageversion/create']).toBe(0);
    await h.rollouts.approveRollout(workflowId);
    expect((await h.rollouts.result(workflowId)).phase).toBe('completed');
  });

  it('requireApproval: reject rejects the diff in Clanforge and ends as rejected', async () => {
    const before = await h.createCalls();
    const { workflowId } = await h.rollouts.startRollout(input({ requireApproval: true, reinstallOnReject: false }));
    await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-approval');
    await h.rollouts.handle(workflowId).signal('reject', { reason: 'unexpected files' });
    const result = await h.rollouts.result(workflowId);
    expect(result).toMatchObject({ phase: 'rejected', reason: 'unexpected files' });
    const after = await h.createCalls();
    expect(after['imagediff/reject']! - before['imagediff/reject']!).toBe(1);
    expect(after['imageversion/create']! - before['imageversion/create']!).toBe(0);
    // The image is unlocked: a new diff on it is accepted.
    const next = await h.rollouts.startRollout({ accountServiceId: ASID, imageId: image - 1, machineId: 7 });
    expect((await h.rollouts.result(next.workflowId)).phase).toBe('completed');
  });

  it('installAt in the future: nothing is created before it, then it completes', async () => {
    const installAt = Math.floor(Date.now() / 1000) + 6;
    const { workflowId } = await h.rollouts.startRollout(input({ installAt }));
    const scheduled = await h.waitForStatus(workflowId, (s) => s.phase === 'scheduled');
    expect(scheduled.awaiting?.actions).toEqual(['proceedNow', 'cancel']);
    const versionsAtSchedule = (await h.createCalls())['imageversion/create'];
    await sleep(Math.max(0, installAt * 1000 - Date.now() - 1_000));
    expect((await h.createCalls())['imageversion/create']).toBe(versionsAtSchedule);
    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('completed');
    const versionCreated = result.timeline.find((t) => /version \d+ created/.test(t.event));
    expect(Date.parse(versionCreated!.at)).toBeGreaterThanOrEqual(installAt * 1000);
  });

  it('proceedNow skips the wait', async () => {
    const { workflowId } = await h.rollouts.startRollout(
      input({ installAt: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    await h.waitForStatus(workflowId, (s) => s.phase === 'scheduled');
    await h.rollouts.proceedNow(workflowId);
    expect((await h.rollouts.result(workflowId)).phase).toBe('completed');
  });
});
