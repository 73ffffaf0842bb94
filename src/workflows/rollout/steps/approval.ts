import type { FollowedJob } from '../followWatched';
import type { RolloutContext } from '../context';
import { rejectDiff } from './cleanup';

/**
 * Step 3 (requireApproval): wait for `approve` with what the diff found; `reject` rejects the
 * diff in Clanforge (unlocking the image). Returns false when rejected.
 */
export async function awaitApproval(ctx: RolloutContext, diff: FollowedJob): Promise<boolean> {
  const { tracker, inbox } = ctx;
  const d = diff.diff;
  const found = d
    ? `${d.added} added, ${d.modified} modified, ${d.removed} removed${d.empty ? ' (no changes: a full image will be made)' : ''}`
    : 'no summary';
  tracker.attempt('approval');
  tracker.awaitPerson(
    'awaiting-approval',
    'approval',
    `diff ${diff.job.id} found ${found}. Signal approve to make the version, or reject to reject the diff.`,
    ['approve', 'reject', 'cancel'],
  );
  const action = await inbox.waitFor(['approve', 'reject']);
  if (action === 'approve') {
    tracker.note('approval', 'approved');
    return true;
  }
  await rejectDiff(ctx, diff.job.id);
  return false;
}
