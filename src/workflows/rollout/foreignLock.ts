import { workflowInfo } from '@temporalio/workflow';
import type { RejectResult } from '../../activities';
import { classifyActivityFailure } from '../shared/failures';
import { reads, temporalReads, writes } from '../shared/activities';
import type { RolloutContext } from './context';
import { createOnce } from '../shared/createOnce';
import type { Step } from '../../contract/rollout/status';

/** Clanforge's refusal of a create on a locked image: "image locked by diffid: N". */
export const LOCKED_BY_DIFF = /locked by diffid:?\s*(\d+)/i;

/**
 * The diff a create was refused for ("image locked by diffid: N") when this rollout did not make
 * it; undefined for any other failure.
 */
function foreignLockOf(ctx: RolloutContext, error: unknown): number | undefined {
  let message: string | undefined;
  try {
    const failure = classifyActivityFailure(error);
    message = failure.kind === 'permanent' ? (failure.apiMessage ?? failure.message) : undefined;
  } catch {
    return undefined;
  }
  const id = message ? LOCKED_BY_DIFF.exec(message)?.[1] : undefined;
  if (id === undefined || ctx.tracker.status.created.diffIds.includes(Number(id))) return undefined;
  return Number(id);
}

/**
 * A create on an image that may be locked by someone else's diff: the lock is checked first (with
 * gameId), and a refusal for a foreign diff waits for an operator (`waitForUnlock`). Returns the
 * created job, or undefined when the caller should try the create again.
 */
export async function createOnUnlockedImage<T>(
  ctx: RolloutContext,
  step: Step,
  create: () => Promise<T>,
): Promise<T | undefined> {
  await checkLockBeforeCreate(ctx, step);
  try {
    return await create();
  } catch (error) {
    const foreign = foreignLockOf(ctx, error);
    if (foreign === undefined) throw error;
    await waitForUnlock(ctx, step, foreign);
    return undefined;
  }
}

/**
 * Before a create, with the input's gameId: reads the image's lock (image/options) and, when a
 * diff or update that is not ours holds it, waits as `waitForUnlock` does. Returns once the
 * image is free to try.
 */
async function checkLockBeforeCreate(ctx: RolloutContext, step: Step): Promise<void> {
  const { input, tracker } = ctx;
  if (input.gameId === undefined) return;
  for (;;) {
    const lock = await reads.getImageLock({
      accountServiceId: input.accountServiceId,
      gameId: input.gameId,
      imageId: input.imageId,
    });
    if (lock.diffId !== undefined && !tracker.status.created.diffIds.includes(lock.diffId)) {
      await waitForUnlock(ctx, step, lock.diffId);
      continue;
    }
    if (lock.updateId !== undefined && !tracker.status.created.updateIds.includes(lock.updateId)) {
      tracker.awaitPerson(
        'awaiting-operator',
        step,
        `image ${input.imageId} is locked by update ${lock.updateId}, which this rollout did not make. An update cannot be rejected: retry once it has finished, or cancel.`,
        ['retry', 'cancel'],
      );
      await ctx.inbox.waitFor(['retry']);
      continue;
    }
    return;
  }
}

/**
 * The image is locked by a diff this rollout did not make. When another running rollout of the
 * image made it, only `retry` (after that one ends) or `cancel` are offered; otherwise `unlock`
 * rejects that diff (an operator's call: never done without one) and the create is tried again.
 */
async function waitForUnlock(ctx: RolloutContext, step: Step, diffId: number): Promise<void> {
  const { input, tracker, inbox } = ctx;
  const holder = await temporalReads.findLockHolder({
    accountServiceId: input.accountServiceId,
    imageId: input.imageId,
    diffId,
    self: workflowInfo().workflowId,
  });
  inbox.foreignLock = { diffId, holder: holder?.workflowId };
  try {
    if (holder) {
      tracker.awaitPerson(
        'awaiting-operator',
        step,
        `image ${input.imageId} is locked by diff ${diffId} of ${holder.workflowId}, which is running. Wait for it to end or cancel it, then retry; or cancel this rollout.`,
        ['retry', 'cancel'],
      );
      await inbox.waitFor(['retry']);
      return;
    }
    tracker.awaitPerson(
      'awaiting-operator',
      step,
      `image ${input.imageId} is locked by diff ${diffId}, which this rollout did not make and no running rollout claims. Signal unlock to reject it and go on (unlock {"reinstall": true} also restores its reference machine), retry once it is gone, or cancel.`,
      ['unlock', 'retry', 'cancel'],
    );
    if ((await inbox.waitFor(['unlock', 'retry'])) === 'unlock')
      await rejectForeignDiff(ctx, diffId, inbox.unlockReinstall);
  } finally {
    inbox.foreignLock = undefined;
  }
}

/**
 * Rejects the locking diff for `unlock` (after it has finished, if it is still running); one that is
 * already rejected (or used) is fine: the create says whether the image is free.
 */
async function rejectForeignDiff(ctx: RolloutContext, diffId: number, reinstall: boolean): Promise<void> {
  const asid = ctx.input.accountServiceId;
  try {
    // Only a completed or failed diff can be rejected: one still running is followed to its end first.
    const diff = await reads.getImageDiffStatus({ accountServiceId: asid, diffId });
    if (diff.jobstateid < 5) {
      ctx.tracker.note('diff', `unlock: waiting for diff ${diffId} to finish before rejecting it`);
      await ctx.followers.followJob({ kind: 'diff', accountServiceId: asid, id: diffId });
    }
    const result = await createOnce<RejectResult>({
      what: 'image diff reject (unlock)',
      call: () => writes.rejectImageDiff({ accountServiceId: asid, diffId, reinstall }),
      adopt: async (message) => (/reject/i.test(message) ? { diffId } : undefined),
    });
    // This rollout made the uninstall job (its operator asked for it): it is in `created`.
    if (result.uninstallJobId !== undefined) ctx.tracker.created('uninstallJobIds', result.uninstallJobId);
    ctx.tracker.note(
      'diff',
      `unlock: diff ${diffId} rejected${result.uninstallJobId ? `; uninstall job ${result.uninstallJobId} restores its machine` : ''}`,
    );
  } catch (error) {
    const failure = classifyActivityFailure(error);
    if (failure.kind !== 'permanent') throw error;
    // Refused (already rejected, or made into a version meanwhile): the create says whether the image is free.
    ctx.tracker.note(
      'diff',
      `unlock: rejecting diff ${diffId} was refused (${failure.apiMessage ?? failure.message}); trying the create again`,
    );
  }
}
