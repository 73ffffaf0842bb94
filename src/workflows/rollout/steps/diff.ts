import { JobState } from '../../../contract/jobStates';
import { sleep } from '@temporalio/workflow';
import type { DiffSnapshot } from '../../../activities';
import { reads, writes } from '../../shared/activities';
import { awaitRetry, persist, type RolloutContext } from '../context';
import { createOnce } from '../../shared/createOnce';
import { followWatched, type FollowedJob } from '../followWatched';
import { createOnUnlockedImage, LOCKED_BY_DIFF } from '../foreignLock';

/**
 * Steps 1-2: image diff create on the reference machine, follow it; a failed diff is retried
 * automatically `diffRetries` times with doubling delays, then waits for an operator's `retry`.
 * Returns the completed diff.
 */
export async function runDiff(ctx: RolloutContext): Promise<FollowedJob> {
  const { input, tracker } = ctx;
  const s = tracker.status;
  const asid = input.accountServiceId;
  let automaticRetries = 0;
  let needsRetry = false;
  return persist(ctx, 'diff', async () => {
    for (;;) {
      let justCreated = false;
      if (s.diffId === undefined) {
        tracker.enter('diffing', 'diff', `comparing machine ${input.machineId} with image ${input.imageId}`);
        tracker.attempt('diff');
        const diff = await createOnUnlockedImage(ctx, 'diff', () =>
          createOnce<DiffSnapshot>({
            what: 'image diff create',
            call: () =>
              writes.createImageDiff({ accountServiceId: asid, imageId: input.imageId, machineId: input.machineId }),
            freeze: { hold: tracker, create: 'diff' },
            adopt: async (message) => {
              const id = LOCKED_BY_DIFF.exec(message)?.[1];
              return id ? reads.getImageDiffStatus({ accountServiceId: asid, diffId: Number(id) }) : undefined;
            },
          }),
        );
        if (diff === undefined) continue;
        s.diffId = diff.id;
        tracker.created('diffIds', diff.id);
        justCreated = diff.jobstateid < JobState.Running;
        tracker.job(diff);
        tracker.note('diff', `diff ${diff.id} created`);
      } else if (needsRetry) {
        tracker.enter('diffing', 'diff', `retrying diff ${s.diffId}`);
        tracker.attempt('diff');
        await retryDiff(ctx, s.diffId);
        justCreated = true;
        needsRetry = false;
      }
      const followed = await followWatched(ctx, 'diff', 'diff', s.diffId, justCreated);
      s.diff = followed.diff;
      if (followed.job.jobstateid === 5) {
        const d = followed.diff;
        tracker.note('diff', `diff ${s.diffId} completed: +${d?.added ?? 0} ~${d?.modified ?? 0} -${d?.removed ?? 0}`);
        return followed;
      }
      const why = `diff ${s.diffId} failed: ${followed.job.joberror ?? 'no error text'}`;
      tracker.error('diff', why);
      needsRetry = true;
      if (automaticRetries < input.diffRetries) {
        automaticRetries++;
        const delay = input.retryDelaySeconds * 2 ** (automaticRetries - 1);
        tracker.enter(
          'diffing',
          'diff',
          `${why}; automatic retry ${automaticRetries} of ${input.diffRetries} in ${delay} s`,
        );
        await sleep(delay * 1000);
      } else {
        await awaitRetry(ctx, 'diff', `${why} (after ${input.diffRetries} automatic retries)`, 'retry the diff');
      }
    }
  });
}

/** The documented retry; a lost response is resolved by looking at the diff's state. */
async function retryDiff(ctx: RolloutContext, diffId: number): Promise<void> {
  const asid = ctx.input.accountServiceId;
  await createOnce({
    what: 'image diff retry',
    call: () => writes.retryImageDiff({ accountServiceId: asid, diffId }),
    freeze: { hold: ctx.tracker, create: 'diff' },
    // A retried diff is back in Created..Running; still Failed means the retry never happened.
    reconcile: async () => {
      const diff = await reads.getImageDiffStatus({ accountServiceId: asid, diffId });
      return diff.jobstateid < 5 ? diff : undefined;
    },
  });
}
