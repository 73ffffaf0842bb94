import { isCancellation, log } from '@temporalio/workflow';
import type { RejectResult } from '../../../activities';
import { reads, writes } from '../../shared/activities';
import type { RolloutContext } from '../context';
import { createOnce } from '../../shared/createOnce';
import { followWatched } from '../followWatched';
import { describeFailure } from '../../shared/failures';
import { rollBack } from './cutover';

/** Rejects a completed or failed diff, unlocking the image; with reinstallOnReject, restores the machine. */
export async function rejectDiff(ctx: RolloutContext, diffId: number): Promise<void> {
  const { input, tracker } = ctx;
  const asid = input.accountServiceId;
  const result = await createOnce<RejectResult>({
    what: 'image diff reject',
    call: () => writes.rejectImageDiff({ accountServiceId: asid, diffId, reinstall: input.reinstallOnReject }),
    // An earlier reject that went through makes a second one refused: the diff is rejected.
    adopt: async (message) => (/reject/i.test(message) ? { diffId } : undefined),
  });
  tracker.status.diffRejected = true;
  if (result.uninstallJobId !== undefined) {
    tracker.status.uninstallJobId = result.uninstallJobId;
    tracker.created('uninstallJobIds', result.uninstallJobId);
  }
  tracker.note(
    'diff',
    `diff ${diffId} rejected${result.uninstallJobId ? `; uninstall job ${result.uninstallJobId} restores the machine` : ''}`,
  );
}

/**
 * After a cancel: undo what can be undone. A diff that no version used is rejected so the image
 * is not left locked; a diff still running is first followed to its end, since only a completed
 * or failed diff can be rejected. Updates and versions cannot be undone through the API.
 * Runs shielded from cancellation, and creates nothing.
 */
export async function cleanUpAfterCancel(ctx: RolloutContext): Promise<void> {
  const { input, tracker } = ctx;
  const s = tracker.status;
  const cutover = s.cutover;
  if (cutover && !cutover.rolledBack && (cutover.state === 'switching' || cutover.state === 'baking')) {
    // Cancel undoes what it can: a fleet switched (or switching) goes back to the profile live before.
    try {
      await rollBack(ctx, 'cancel', ctx.inbox.cancelReason ?? 'cancelled');
    } catch (error) {
      if (isCancellation(error)) throw error;
      tracker.error('cleanup', `could not switch fleet ${cutover.fleetId} back: ${describeFailure(error)}`);
    }
    return;
  }
  if (s.diffId === undefined || s.imageVersionId !== undefined || s.diffRejected) return;
  // A cancel needs no person any more: a rollout that waited for one works on its diff now.
  const waitedForPerson = tracker.phase === 'awaiting-operator' || tracker.phase === 'awaiting-approval';
  tracker.enter(
    waitedForPerson ? 'diffing' : tracker.phase,
    'cleanup',
    `cancelling: rejecting diff ${s.diffId} so image ${input.imageId} is not left locked`,
  );
  try {
    const diff = await reads.getImageDiffStatus({ accountServiceId: input.accountServiceId, diffId: s.diffId });
    if (diff.jobstateid < 5) {
      // Followed with the stuck watch's warnings; past stuckAfterMinutes the rollout gives up
      // and ends cancelled, the diff named in lastError (it still locks the image).
      tracker.note('cleanup', `cancelling: diff ${s.diffId} is still running; following it to its end to reject it`);
      await followWatched(ctx, 'cleanup', 'diff', s.diffId);
    }
    await rejectDiff(ctx, s.diffId);
  } catch (error) {
    if (isCancellation(error)) throw error;
    const message = `could not reject diff ${s.diffId}: ${describeFailure(error)}`;
    tracker.error('cleanup', message);
    log.error('cleanup after cancel failed', { diffId: s.diffId, error: message });
  }
}
