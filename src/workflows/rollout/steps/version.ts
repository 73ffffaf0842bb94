import { JobState } from '../../../contract/jobStates';
import type { JobSnapshot } from '../../../contract/jobs';
import { reads, writes } from '../../shared/activities';
import type { RolloutContext } from '../context';
import { persist } from '../context';
import { createOnce } from '../../shared/createOnce';
import { followWatched, type FollowedJob } from '../followWatched';
import { decideFullImage, fullImageRecordable, recordFullImage } from '../fullImage';

const VERSION_OF_DIFF = /imageversionid:?\s*(\d+)/i;

/**
 * Step 5: image version create from the completed diff (which also accepts it), then follow the
 * version job. Returns the final job; a Failed version is the caller's to handle (it needs a new
 * diff, since a diff makes at most one version).
 */
export async function runVersion(
  ctx: RolloutContext,
  diff: FollowedJob,
  installAt: number | undefined,
): Promise<JobSnapshot> {
  const { input, tracker } = ctx;
  const s = tracker.status;
  const asid = input.accountServiceId;
  return persist(ctx, 'version', async () => {
    // A job still waiting to start: its first look can wait for what the jobs before it took.
    let justCreated = false;
    if (s.imageVersionId === undefined) {
      tracker.enter('versioning', 'version', `packaging diff ${diff.job.id} into a new image version`);
      tracker.attempt('version');
      const recordable = await fullImageRecordable(ctx);
      const fullImage = await decideFullImage(ctx, diff, recordable);
      s.fullImage = fullImage;
      const job = await createOnce({
        what: 'image version create',
        call: () =>
          writes.createImageVersion({
            accountServiceId: asid,
            diffId: diff.job.id,
            restart: input.restart,
            full: fullImage.full,
            // The input's force, or an operator's retry --force after "active allocations exist".
            force: input.force || ctx.inbox.forceRequested,
            gameBuild: input.gameBuild,
            installAt,
            disableTimeoutMinutes: input.disableTimeoutMinutes,
            disablePercentage: input.disablePercentage,
          }),
        freeze: { hold: tracker, create: 'version' },
        // The diff is ours: a version the API says it already has was made by our lost attempt.
        adopt: async (message) => {
          const id = VERSION_OF_DIFF.exec(message)?.[1];
          return id ? reads.getImageVersionStatus({ accountServiceId: asid, imageVersionId: Number(id) }) : undefined;
        },
      });
      s.imageVersionId = job.id;
      tracker.created('imageVersionIds', job.id);
      justCreated = job.jobstateid < JobState.Running;
      tracker.job(job);
      tracker.note(
        'version',
        `version ${job.id} created, ${fullImage.full ? 'full' : 'differential'}: ${fullImage.why}`,
      );
      if (recordable) recordFullImage(fullImage.full);
    }
    const followed = await followWatched(ctx, 'version', 'version', s.imageVersionId, justCreated);
    tracker.note('version', `version ${s.imageVersionId} ${followed.job.jobstatename || followed.job.jobstateid}`);
    return followed.job;
  });
}
