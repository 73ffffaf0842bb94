import { WorkflowFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { InvalidReleaseInput, ReleaseConflict, type ReleaseInput, type ReleaseStatus } from '../../src/client';
import { ReleaseId, RolloutPhase } from '../../src/contract/searchAttributes';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { temporalCli } from '../support/temporalCli';
import { sleep, waitFor } from '../support/wait';

// Releases against the real dev server: each image is a child rollout on this harness's worker.
// Every test uses image ids of its own (the dev server is shared by all test files).
const ASID = 5101;
const h = useRolloutHarness({ speed: 200, fleet: 2, mirrors: 0 });

/** Polls a release's status; a query fails while it is not started yet, or between runs (continue-as-new). */
function waitForRelease(
  id: string,
  predicate: (s: ReleaseStatus) => boolean,
  timeoutMs = 60_000,
): Promise<ReleaseStatus> {
  return waitFor(() => h.rollouts.getRelease(id), predicate, { what: `release ${id}`, timeoutMs, everyMs: 150 });
}

const image = (imageId: number, wave: number, extra: Record<string, unknown> = {}) => ({
  accountServiceId: ASID,
  imageId,
  machineId: 7,
  wave,
  ...extra,
});

describe('release', () => {
  it('two waves with a pause: wave 2 waits in awaiting-promotion until promote, then completes', async () => {
    const input: ReleaseInput = {
      releaseId: 'two-waves',
      gameBuild: '3.0.0',
      images: [image(11, 1), image(12, 1), image(13, 2)],
    };
    const started = await h.rollouts.startRelease(input);
    expect(started).toMatchObject({ workflowId: 'release-two-waves', started: true, adopted: [] });

    const waiting = await waitForRelease('two-waves', (s) => s.phase === 'awaiting-promotion');
    expect(waiting).toMatchObject({ wave: 2, waves: 2, awaiting: { actions: ['promote', 'cancel'] } });
    expect(waiting.images.map((i) => [i.workflowId, i.phase])).toEqual([
      ['rollout-5101-11', 'completed'],
      ['rollout-5101-12', 'completed'],
      ['rollout-5101-13', 'pending'],
    ]);
    // Nothing of wave 2 started while waiting.
    await sleep(500);
    await expect(h.rollouts.handle('rollout-5101-13').describe()).rejects.toThrow();
    await expect(h.rollouts.retryRelease('two-waves')).rejects.toThrow(
      /retry makes no sense in phase awaiting-promotion/,
    );

    await h.rollouts.promoteRelease('two-waves');
    const result = await h.rollouts.releaseResult('two-waves');
    expect(result.phase).toBe('completed');
    expect(result.images.every((i) => i.phase === 'completed' && i.imageVersionId !== undefined)).toBe(true);

    // ReleaseId on the release and on each of its rollouts; the rollouts are children with the usual ids.
    const rollouts = await h.rollouts.listRollouts({ imageId: 13 });
    expect(rollouts[0]).toMatchObject({ workflowId: 'rollout-5101-13', phase: 'completed', gameBuild: '3.0.0' });
    for (const id of ['rollout-5101-11', 'rollout-5101-13']) {
      const d = await h.rollouts.handle(id).describe();
      expect(d.typedSearchAttributes.get(ReleaseId)).toBe('two-waves');
      expect(d.raw.workflowExecutionInfo?.parentExecution?.workflowId).toBe('release-two-waves');
    }
    const release = await h.rollouts.handle('release-two-waves').describe();
    expect(release.typedSearchAttributes.get(ReleaseId)).toBe('two-waves');
    expect(release.typedSearchAttributes.get(RolloutPhase)).toBe('completed');
    // Continued as new between the waves: the first run holds wave 1 only.
    const runs = [];
    for await (const wf of h.temporal.workflow.list({ query: `WorkflowId = 'release-two-waves'` }))
      runs.push(wf.status.name);
    expect(runs.sort()).toEqual(['COMPLETED', 'CONTINUED_AS_NEW']);
  });

  it('a rollout of wave 1 that ends rejected stops the release in awaiting-operator; retry starts it again', async () => {
    await h.rollouts.startRelease({
      releaseId: 'failed-wave',
      pauseBetweenWaves: false,
      images: [image(21, 1, { requireApproval: true }), image(22, 1), image(23, 2)],
    });
    await h.waitForStatus('rollout-5101-21', (s) => s.phase === 'awaiting-approval');
    await h.rollouts.rejectRollout('rollout-5101-21', 'not this build');

    const stopped = await waitForRelease(
      'failed-wave',
      (s) => s.phase === 'awaiting-operator' && s.images[1]!.phase === 'completed',
    );
    expect(stopped.awaiting?.reason).toMatch(/rollout-5101-21 rejected \(not this build\)/);
    expect(stopped.images[0]).toMatchObject({ phase: 'rejected', starts: 1 });
    expect(stopped.images[2]!.phase).toBe('pending');

    await h.rollouts.retryRelease('failed-wave');
    await waitForRelease('failed-wave', (s) => s.phase === 'running' && s.images[0]!.starts === 2);
    await h.waitForStatus('rollout-5101-21', (s) => s.phase === 'awaiting-approval');
    await h.rollouts.approveRollout('rollout-5101-21');
    const result = await h.rollouts.releaseResult('failed-wave');
    expect(result.phase).toBe('completed');
    expect(result.images.map((i) => i.phase)).toEqual(['completed', 'completed', 'completed']);
  });

  it('cancel mid-wave cancels every running rollout, each rejecting its diff, and ends the release cancelled', async () => {
    const installAt = Math.floor(Date.now() / 1000) + 3600;
    await h.rollouts.startRelease({
      releaseId: 'cancel-mid',
      installAt,
      images: [image(31, 1), image(32, 1), image(33, 2)],
    });
    for (const id of ['rollout-5101-31', 'rollout-5101-32']) await h.waitForStatus(id, (s) => s.phase === 'scheduled');
    const mid = await waitForRelease('cancel-mid', (s) => s.counts.scheduled === 2);
    expect(mid.images.map((i) => i.phase)).toEqual(['scheduled', 'scheduled', 'pending']);
    // The release's own status query knows too (from its rollouts' phase reports), and the Web UI says it in words.
    const own = await h.rollouts.handle('release-cancel-mid').query<ReleaseStatus>('status');
    expect(own.images.map((i) => i.phase)).toEqual(['scheduled', 'scheduled', 'pending']);
    const metadata = await h.rollouts
      .handle('release-cancel-mid')
      .query<{ currentDetails: string }>('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toContain('**running**: wave 1 of 2: 2 of 2 images scheduled');

    await h.rollouts.cancelRelease('cancel-mid', 'wrong build');
    const result = await h.rollouts.releaseResult('cancel-mid');
    expect(result).toMatchObject({ phase: 'cancelled', reason: 'wrong build' });
    expect(result.images.map((i) => i.phase)).toEqual(['cancelled', 'cancelled', 'pending']);
    for (const id of ['rollout-5101-31', 'rollout-5101-32']) {
      const rollout = await h.rollouts.result(id);
      expect(rollout).toMatchObject({ phase: 'cancelled', reason: 'release cancel-mid cancelled: wrong build' });
      expect((await h.admin.job('diff', rollout.diffId!))?.rejected).toBe(true);
      expect(rollout.imageVersionId).toBeUndefined();
    }
    await expect(h.rollouts.handle('rollout-5101-33').describe()).rejects.toThrow();
  });

  it("cancelled through Temporal (the Web UI's Request Cancellation): the same cleanup, the release ends Canceled", async () => {
    await h.rollouts.startRelease({
      releaseId: 'temporal-cancel',
      installAt: Math.floor(Date.now() / 1000) + 3600,
      images: [image(71, 1)],
    });
    await h.waitForStatus('rollout-5101-71', (s) => s.phase === 'scheduled');
    await h.rollouts.handle('release-temporal-cancel').cancel();
    const failure = await h.rollouts.releaseResult('temporal-cancel').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const rollout = await h.rollouts.result('rollout-5101-71');
    expect(rollout).toMatchObject({
      phase: 'cancelled',
      reason: 'release temporal-cancel cancelled: cancelled through Temporal',
    });
    expect((await h.admin.job('diff', rollout.diffId!))?.rejected).toBe(true);
    const status = await h.rollouts.getRelease('temporal-cancel');
    expect(status).toMatchObject({ phase: 'cancelled', reason: 'cancelled through Temporal' });
  });

  it('a running rollout of an image: the same input is adopted, a different one refused before anything starts', async () => {
    await h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: 41,
      machineId: 7,
      gameBuild: '4.0',
      requireApproval: true,
    });
    await h.waitForStatus('rollout-5101-41', (s) => s.phase === 'awaiting-approval');

    const conflict = h.rollouts.startRelease({
      releaseId: 'conflicting',
      gameBuild: '4.1',
      images: [image(42, 1), image(41, 1, { requireApproval: true })],
    });
    await expect(conflict).rejects.toThrow(ReleaseConflict);
    await expect(conflict).rejects.toThrow(
      /images\[1\]: rollout-5101-41 is running with a different input \(gameBuild: running "4.0", requested "4.1"\)/,
    );
    await expect(h.rollouts.handle('release-conflicting').describe()).rejects.toThrow();
    await expect(h.rollouts.handle('rollout-5101-42').describe()).rejects.toThrow();

    const adopted = await h.rollouts.startRelease({
      releaseId: 'adopting',
      gameBuild: '4.0',
      images: [image(41, 1, { requireApproval: true })],
    });
    expect(adopted.adopted).toEqual(['rollout-5101-41']);
    const status = await waitForRelease('adopting', (s) => s.images[0]!.adopted === true);
    expect(status.images[0]).toMatchObject({ phase: 'awaiting-approval' });
    await h.rollouts.approveRollout('rollout-5101-41');
    const result = await h.rollouts.releaseResult('adopting');
    expect(result.phase).toBe('completed');
    expect(result.images[0]).toMatchObject({ phase: 'completed', adopted: true });
  });

  it('starts by type name with plain JSON (temporal workflow start --type release), searchable by ReleaseId', async () => {
    const input = {
      releaseId: 'by-type',
      gameBuild: '5.0',
      pauseBetweenWaves: false,
      images: [image(61, 1), image(62, 2)],
    };
    await temporalCli(
      'workflow',
      'start',
      '--type',
      'release',
      '--task-queue',
      h.taskQueue,
      '--workflow-id',
      'release-by-type',
      '--input',
      JSON.stringify(input),
    );
    const result = await h.rollouts.releaseResult('by-type');
    expect(result).toMatchObject({ phase: 'completed', releaseId: 'by-type', waves: 2 });
    const listed = await h.rollouts.listReleases({ phase: 'completed' });
    expect(listed.find((r) => r.workflowId === 'release-by-type')).toMatchObject({ releaseId: 'by-type' });
    const children: string[] = [];
    for await (const wf of h.temporal.workflow.list({ query: `ReleaseId = 'by-type' AND WorkflowType = 'rollout'` }))
      children.push(wf.workflowId);
    expect(children.sort()).toEqual(['rollout-5101-61', 'rollout-5101-62']);
  });

  it('bad input: refused by the client naming the image and field, and by the workflow when started by type name', async () => {
    const bad = {
      releaseId: 'bad',
      images: [image(51, 1), image(51, 1), { accountServiceId: ASID, imageId: -3, machineId: 7 }],
    };
    await expect(h.rollouts.startRelease(bad as ReleaseInput)).rejects.toThrow(InvalidReleaseInput);
    await expect(h.rollouts.startRelease(bad as ReleaseInput)).rejects.toThrow(
      'images[2].imageId: must be a positive integer',
    );
    await expect(h.rollouts.startRelease({ releaseId: 'dup', images: [image(51, 1), image(51, 2)] })).rejects.toThrow(
      /images\[1\]: duplicate of images\[0\]/,
    );

    const handle = await h.temporal.workflow.start('release', {
      taskQueue: h.taskQueue,
      workflowId: 'release-bad-by-type',
      args: [bad],
    });
    const failure = await handle.result().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause?.message).toContain('images[2].imageId: must be a positive integer');
    const status = await h.rollouts.getRelease('release-bad-by-type');
    expect(status).toMatchObject({ phase: 'failed', releaseId: 'bad' });
  });
});
