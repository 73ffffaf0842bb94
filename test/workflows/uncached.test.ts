import { describe, expect, it } from 'vitest';
import type { RolloutHarness } from '../support/rolloutHarness';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { waitFor } from '../support/wait';

// A worker with no workflow cache: every workflow task is run by replaying the whole history
// from the start, so a nondeterminism anywhere on these paths fails here, in every run.
const ASID = 5301;
const h = useRolloutHarness({ speed: 200, fleet: 2, mirrors: 1, maxCachedWorkflows: 0 });

// temporal.api.enums.v1.TaskQueueKind: a task for any worker of the queue, or for the one that cached the run.
const NORMAL = 1;

/** Workflow tasks of a run, and how many went to the normal queue (without a cache: all, none sticky). */
async function workflowTaskQueueKinds(harness: RolloutHarness, workflowId: string, runId?: string) {
  const history = await harness.temporal.workflow.getHandle(workflowId, runId).fetchHistory();
  const kinds = (history.events ?? []).flatMap((event) =>
    event.workflowTaskScheduledEventAttributes ? [event.workflowTaskScheduledEventAttributes.taskQueue?.kind] : [],
  );
  return { tasks: kinds.length, normal: kinds.filter((kind) => kind === NORMAL).length };
}

describe('every workflow task replayed (maxCachedWorkflows: 0)', () => {
  it('a rollout with an image update completes: update, diff, version, installs', async () => {
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: 1,
      machineId: 7,
      updateUrl: 'steam://depot/123/build/1',
      gameBuild: 'uncached-1',
    });
    const result = await h.rollouts.result(workflowId);
    expect(result).toMatchObject({ phase: 'completed', installs: { done: 2, failed: 0, open: 0 } });
    const kinds = await workflowTaskQueueKinds(h, workflowId);
    expect(kinds.tasks).toBeGreaterThan(3);
    expect(kinds.normal).toBe(kinds.tasks);
  });

  it('a two-wave release continues as new, waits for promote and completes', async () => {
    const { workflowId, runId } = await h.rollouts.startRelease({
      releaseId: 'uncached-two-waves',
      images: [1, 2].map((wave) => ({ accountServiceId: ASID, imageId: 10 + wave, machineId: 7, wave })),
    });
    await waitFor(
      () => h.rollouts.getRelease(workflowId),
      (s) => s.phase === 'awaiting-promotion',
      { what: `${workflowId} awaiting promotion`, everyMs: 150 },
    );
    await h.rollouts.promoteRelease(workflowId);
    const result = await h.rollouts.releaseResult(workflowId);
    expect(result.phase).toBe('completed');
    expect(result.images.map((i) => i.phase)).toEqual(['completed', 'completed']);
    // Both runs of the release (before and after continue-as-new) and a child rollout, all uncached.
    for (const [id, run] of [
      [workflowId, runId],
      [workflowId, undefined],
      [result.images[1]!.workflowId, undefined],
    ] as const) {
      const kinds = await workflowTaskQueueKinds(h, id, run);
      expect(kinds.tasks).toBeGreaterThan(1);
      expect(kinds.normal).toBe(kinds.tasks);
    }
  });
});
