import { describe, expect, it } from 'vitest';
import type { ReleaseStatus, RolloutClient } from '../../src/client';
import { main, type CliClient } from '../../src/cli/main';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { waitFor } from '../support/wait';

// Issue 20: what Temporal closed (terminate, timeout) is told as closed by every read; a list
// says where it stops; a rollout or release a foreign client started under another id is found
// by its natural id. Against the shared dev server: ASID 6201, images of this file's own.
const ASID = 6201;
const h = useRolloutHarness({ speed: 200, fleet: 2, mirrors: 0 });

/** The CLI in-process on this harness's client (left open: the harness closes it). */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; errLines: string[] }> {
  let stdout = '';
  let stderr = '';
  const client = Object.assign(Object.create(h.rollouts) as RolloutClient, { close: async () => undefined });
  const code = await main(args, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    isTTY: false,
    env: {},
    clientFactory: () => Promise.resolve(client as CliClient),
  });
  return { code, stdout, errLines: stderr.split('\n').filter(Boolean) };
}

const rollout = (imageId: number, extra: Record<string, unknown> = {}) => ({
  accountServiceId: ASID,
  imageId,
  machineId: 7,
  requireApproval: true,
  ...extra,
});

/** Waits until visibility shows the execution with this status (it follows the history a little later). */
const visibleAs = (workflowId: string, status: string) =>
  waitFor(
    () => h.rollouts.listRollouts({ accountServiceId: ASID, limit: 500 }),
    (rows) => rows.some((row) => row.workflowId === workflowId && row.status === status),
    { what: `${workflowId} ${status} in visibility`, everyMs: 200 },
  );

describe('a terminated or timed-out rollout', () => {
  it('status says closed with the terminate reason and offers no action; watch exits 1 saying so; list --phase leaves it out', async () => {
    const { workflowId } = await h.rollouts.startRollout(rollout(11));
    await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-approval');
    await h.temporal.workflow.getHandle(workflowId).terminate('ops stopped it by hand');

    const status = await h.rollouts.getRollout(workflowId);
    expect(status).toMatchObject({
      phase: 'awaiting-approval',
      closed: { status: 'TERMINATED', reason: 'ops stopped it by hand' },
      awaiting: null,
    });
    const shown = await cli('status', workflowId);
    expect(shown.stdout).toMatch(/closed\s+was closed by Temporal \(terminated\) in phase awaiting-approval/);
    expect(shown.stdout).not.toMatch(/actions: .*approve/);

    const watched = await cli('watch', workflowId, '--interval', '100');
    expect(watched.code).toBe(1);
    expect(watched.errLines).toEqual([
      `clanforge-rollout: rollout ${workflowId} was closed by Temporal (terminated) in phase awaiting-approval: ops stopped it by hand`,
    ]);

    await visibleAs(workflowId, 'TERMINATED');
    const waiting = await h.rollouts.listRollouts({ accountServiceId: ASID, phase: 'awaiting-approval' });
    expect(waiting.map((row) => row.workflowId)).not.toContain(workflowId);
  }, 60_000);

  it('a run that timed out: closed TIMED_OUT', async () => {
    const workflowId = `rollout-${ASID}-12`;
    await h.temporal.workflow.start('rollout', {
      taskQueue: h.taskQueue,
      workflowId,
      args: [rollout(12)],
      workflowExecutionTimeout: '3s',
    });
    await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-approval');
    const closed = await waitFor(
      () => h.rollouts.getRollout(workflowId),
      (s) => s.closed !== undefined,
      { what: `${workflowId} timed out`, everyMs: 200 },
    );
    expect(closed).toMatchObject({ phase: 'awaiting-approval', closed: { status: 'TIMED_OUT' }, awaiting: null });
  }, 60_000);
});

describe('a terminated release', () => {
  it('status says closed; release watch exits 1 saying so; release list --phase leaves it out', async () => {
    const releaseId = 'closed-terminated';
    const { workflowId } = await h.rollouts.startRelease({
      releaseId,
      images: [{ accountServiceId: ASID, imageId: 21, machineId: 7, requireApproval: true }],
    });
    await h.waitForStatus(`rollout-${ASID}-21`, (s) => s.phase === 'awaiting-approval');
    await h.temporal.workflow.getHandle(workflowId).terminate('release abandoned');

    const status: ReleaseStatus = await h.rollouts.getRelease(releaseId);
    expect(status).toMatchObject({
      phase: 'running',
      closed: { status: 'TERMINATED', reason: 'release abandoned' },
      awaiting: null,
    });
    const watched = await cli('release', 'watch', releaseId, '--interval', '100');
    expect(watched.code).toBe(1);
    expect(watched.errLines).toEqual([
      `clanforge-rollout: release ${releaseId} was closed by Temporal (terminated) in phase running: release abandoned`,
    ]);

    await waitFor(
      () => h.rollouts.listReleases({ limit: 1000 }),
      (rows) => rows.some((row) => row.workflowId === workflowId && row.status === 'TERMINATED'),
      { what: `${workflowId} terminated in visibility`, everyMs: 200 },
    );
    const running = await h.rollouts.listReleases({ phase: 'running', limit: 1000 });
    expect(running.map((row) => row.workflowId)).not.toContain(workflowId);
  }, 60_000);
});

describe('found by their natural id', () => {
  it('a rollout a foreign client started under another workflow id: status and cancel of rollout-<asid>-<image>', async () => {
    await h.temporal.workflow.start('rollout', {
      taskQueue: h.taskQueue,
      workflowId: 'foreign-named-rollout-31',
      args: [rollout(31)],
    });
    const natural = `rollout-${ASID}-31`;
    const status = await waitFor(
      () => h.rollouts.getRollout(natural),
      (s) => s.phase === 'awaiting-approval',
      { what: `${natural} found through its search attributes`, everyMs: 200 },
    );
    expect(status).toMatchObject({ accountServiceId: ASID, imageId: 31 });
    await expect(h.rollouts.cancelRollout(natural, 'found it', { by: 'ops@test' })).resolves.toMatchObject({
      accepted: true,
    });
    const result = await h.rollouts.handle('foreign-named-rollout-31').result();
    expect(result.phase).toBe('cancelled');
  }, 60_000);

  it('a release a foreign client started under another workflow id: status of its releaseId', async () => {
    const releaseId = 'closed-foreign';
    await h.temporal.workflow.start('release', {
      taskQueue: h.taskQueue,
      workflowId: 'foreign-named-release',
      args: [{ releaseId, images: [{ accountServiceId: ASID, imageId: 41, machineId: 7, requireApproval: true }] }],
    });
    const status = await waitFor(
      () => h.rollouts.getRelease(releaseId),
      (s) => s.images[0]?.phase === 'awaiting-approval',
      { what: `release ${releaseId} found through ReleaseId`, everyMs: 200 },
    );
    expect(status.releaseId).toBe(releaseId);
    await h.rollouts.cancelRelease(releaseId, 'found it');
    expect((await h.rollouts.handle('foreign-named-release').result()).phase).toBe('cancelled');
  }, 60_000);
});

describe('list', () => {
  it('stops at --limit and says so, with how to see more', async () => {
    const gameBuild = 'closed-list-limit';
    for (const imageId of [51, 52, 53]) await h.rollouts.startRollout(rollout(imageId, { gameBuild }));
    await waitFor(
      () => h.rollouts.listRollouts({ gameBuild }),
      (rows) => rows.length === 3,
      { what: 'three rollouts in visibility', everyMs: 200 },
    );
    const listed = await cli('list', '--game-build', gameBuild, '--limit', '2');
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe(
      'showing the first 2 rollouts; more match: narrow with --phase, --asid, --image or --game-build, or raise --limit (e.g. --limit 4)',
    );
    const all = await cli('list', '--game-build', gameBuild, '--limit', '3');
    expect(all.stdout).not.toContain('showing the first');
    for (const imageId of [51, 52, 53]) await h.rollouts.cancelRollout(`rollout-${ASID}-${imageId}`);
  }, 60_000);

  it('release list: one row per release, not one per continued-as-new run', async () => {
    const releaseId = 'closed-two-runs';
    const { workflowId } = await h.rollouts.startRelease({
      releaseId,
      pauseBetweenWaves: false,
      images: [
        { accountServiceId: ASID, imageId: 61, machineId: 7, wave: 1 },
        { accountServiceId: ASID, imageId: 62, machineId: 7, wave: 2 },
      ],
    });
    expect((await h.rollouts.releaseResult(releaseId)).phase).toBe('completed');
    await waitFor(
      () => h.rollouts.temporal.workflow.count(`WorkflowId = '${workflowId}' AND ExecutionStatus = 'Completed'`),
      (count) => count.count === 1,
      { what: `${workflowId}'s last run in visibility`, everyMs: 200 },
    );
    const rows = (await h.rollouts.listReleases({ limit: 1000 })).filter((row) => row.workflowId === workflowId);
    expect(rows.map((row) => row.status)).toEqual(['COMPLETED']);
  }, 90_000);
});
