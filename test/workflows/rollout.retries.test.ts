import { beforeEach, describe, expect, it } from 'vitest';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { sleep } from '../support/wait';

const ASID = 1001;
const h = useRolloutHarness({ speed: 200, fleet: 3, mirrors: 1 });
let image = 100;

beforeEach(() => h.admin.setFaults({}));

const input = (extra: Record<string, unknown> = {}) => ({
  accountServiceId: ASID,
  imageId: image++,
  machineId: 7,
  retryDelaySeconds: 0,
  ...extra,
});

describe('rollout retries', () => {
  it('a failed diff is retried automatically and the rollout completes', async () => {
    await h.admin.setFaults({ 'failFirst.diff': 1 });
    const { workflowId } = await h.rollouts.startRollout(input());
    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('completed');
    expect(result.attempts.diff).toBe(2);
    expect(result.created.diffIds).toHaveLength(1);
    expect(await h.createCalls()).toMatchObject({ 'imagediff/retry': 1 });
  });

  it('past diffRetries it waits for an operator; retry (signal) completes it', async () => {
    await h.admin.setFaults({ 'failFirst.diff': 2 });
    const before = await h.createCalls();
    const { workflowId } = await h.rollouts.startRollout(input({ diffRetries: 1 }));
    const waiting = await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator');
    expect(waiting.awaiting?.actions).toEqual(['retry', 'cancel']);
    expect(waiting.awaiting?.reason).toMatch(/diff \d+ failed: .+\(after 1 automatic retries\)/);
    expect(waiting.lastError).toBeTruthy();
    await h.rollouts.handle(workflowId).signal('retry', {});
    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('completed');
    expect(result.attempts.diff).toBe(3);
    const after = await h.createCalls();
    expect(after['imagediff/retry']! - before['imagediff/retry']!).toBe(2);
    expect(after['imagediff/create']! - before['imagediff/create']!).toBe(1);
  });

  it('retry while nothing failed changes nothing: the signal is ignored, the update refused', async () => {
    const { workflowId } = await h.rollouts.startRollout(input({ installAt: Math.floor(Date.now() / 1000) + 3600 }));
    await h.waitForStatus(workflowId, (s) => s.phase === 'scheduled');
    await h.rollouts.handle(workflowId).signal('retry', {});
    await expect(h.rollouts.retryRollout(workflowId)).rejects.toThrow(
      'retry refused: retry makes no sense in phase scheduled',
    );
    const status = await h.rollouts.getRollout(workflowId);
    expect(status.phase).toBe('scheduled');
    expect(status.timeline.some((t) => /ignored retry/.test(t.event))).toBe(true);
    await h.rollouts.cancelRollout(workflowId, 'test over');
    expect((await h.rollouts.result(workflowId)).phase).toBe('cancelled');
  });

  it('a failed version waits for retry, which makes a new diff and version', async () => {
    await h.admin.setFaults({ 'failFirst.version': 1 });
    const { workflowId } = await h.rollouts.startRollout(input());
    const waiting = await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator');
    expect(waiting.step).toBe('version');
    expect(waiting.awaiting?.reason).toMatch(/version \d+ failed/);
    // failFirst counts attempts per job, and the retry makes a new version job: clear it.
    await h.admin.setFaults({});
    await h.rollouts.retryRollout(workflowId);
    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('completed');
    expect(result.created.diffIds).toHaveLength(2);
    expect(result.created.imageVersionIds).toHaveLength(2);
  });

  it('failed installs are reported per machine and location; retry re-queues them with their mirroring', async () => {
    await h.admin.setFaults({ 'failFirst.install': 1 });
    const { workflowId } = await h.rollouts.startRollout(input());
    const waiting = await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator');
    expect(waiting.step).toBe('install');
    expect(waiting.installs).toMatchObject({ failed: 3, failedTotal: 3 });
    expect(waiting.fleet?.failedMachines).toBe(3);
    for (const i of waiting.installs!.failedMachines) {
      expect(waiting.awaiting?.reason).toContain(`machine ${i.machine} (${i.location})`);
      expect(i.error).toBeTruthy();
    }
    await h.admin.setFaults({});
    await h.rollouts.retryRollout(workflowId);
    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('completed');
    expect(result.installs).toMatchObject({ failed: 0, failedTotal: 0, open: 0, queued: 3 });
    expect(result.fleet).toMatchObject({ failedMachines: 0, pendingMachines: 0 });
    // The simulator refuses a queue call whose mirroring does not match the job's: none was refused.
    expect(result.installs?.queueRefused).toBe(0);
  });

  it('failed installs that an operator does not retry end the rollout failed, with the list', async () => {
    await h.admin.setFaults({ 'failFirst.install': 1 });
    const { workflowId } = await h.rollouts.startRollout(input());
    await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator' && s.step === 'install');
    await h.rollouts.cancelRollout(workflowId, 'giving up on these machines');
    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('failed');
    expect(result.installs).toMatchObject({ failedTotal: 3 });
    expect(result.installs?.failedMachines).toHaveLength(3);
  });

  it('a diff create whose response was lost is adopted, not made twice', async () => {
    const before = await h.createCalls();
    await h.admin.setFaults({ lostResponse: 1 });
    const rollout = input();
    const { workflowId } = await h.rollouts.startRollout(rollout);
    const deadline = Date.now() + 20_000;
    while ((await h.createCalls())['imagediff/create'] === before['imagediff/create'] && Date.now() < deadline)
      await sleep(20);
    await h.admin.setFaults({});
    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('completed');
    expect(result.created.diffIds).toHaveLength(1);
    const diffs = (await h.admin.jobs()).jobs.filter((j) => j.kind === 'diff' && j.imageid === rollout.imageId);
    expect(diffs.map((d) => d.id)).toEqual([result.diffId]);
    // Two calls, one job: the second call was refused with "image locked by diffid: N" and N adopted.
    const after = await h.createCalls();
    expect(after['imagediff/create']! - before['imagediff/create']!).toBe(2);
    expect(result.timeline.some((t) => t.event === `diff ${result.diffId} created`)).toBe(true);
  });
});
