import { JobState } from '../../../contract/jobStates';
import { writes, reads } from '../../shared/activities';
import { awaitRetry, persist, type RolloutContext } from '../context';
import { createOnce } from '../../shared/createOnce';
import { followWatched } from '../followWatched';
import { createOnUnlockedImage } from '../foreignLock';

const LOCKED_BY_UPDATE = /locked by updateid:?\s*(\d+)/i;

/** Step 0: image update create on the reference machine from `updateUrl`, then follow it. */
export async function runUpdate(ctx: RolloutContext): Promise<void> {
  const { input, tracker } = ctx;
  const s = tracker.status;
  await persist(ctx, 'update', async () => {
    for (;;) {
      let justCreated = false;
      if (s.updateId === undefined) {
        tracker.enter('updating', 'update', `downloading the build onto machine ${input.machineId}`);
        tracker.attempt('update');
        const job = await createOnUnlockedImage(ctx, 'update', () =>
          createOnce({
            what: 'image update create',
            call: () =>
              writes.createImageUpdate({
                accountServiceId: input.accountServiceId,
                imageId: input.imageId,
                machineId: input.machineId,
                desc: input.updateDescription ?? `clanforge-rollout: build ${input.gameBuild ?? 'update'}`,
                url: input.updateUrl,
              }),
            freeze: { hold: tracker, create: 'update' },
            adopt: async (message) => {
              const id = LOCKED_BY_UPDATE.exec(message)?.[1];
              return id
                ? reads.getImageUpdateStatus({ accountServiceId: input.accountServiceId, updateId: Number(id) })
                : undefined;
            },
          }),
        );
        if (job === undefined) continue;
        s.updateId = job.id;
        tracker.created('updateIds', job.id);
        justCreated = job.jobstateid < JobState.Running;
        tracker.job(job);
        tracker.note('update', `update ${job.id} created`);
      }
      const followed = await followWatched(ctx, 'update', 'update', s.updateId, justCreated);
      if (followed.job.jobstateid === 5) {
        tracker.note('update', `update ${s.updateId} completed`);
        return;
      }
      tracker.error(
        'update',
        `update ${s.updateId} ${followed.job.jobstatename || 'failed'}: ${followed.job.joberror ?? 'no error text'}`,
      );
      await awaitRetry(
        ctx,
        'update',
        `image update ${s.updateId} failed: ${followed.job.joberror ?? 'no error text'}`,
        'run the image update again',
      );
      // There is no retry endpoint for updates: a new update job is created.
      s.updateId = undefined;
    }
  });
}
