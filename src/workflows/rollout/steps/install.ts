import { fleetText, type InstallSummary } from '../../../contract/installs';
import { awaitRetry, persist, type RolloutContext } from '../context';
import { followWithWarnings } from '../followWatched';
import { heldWhileFrozen } from '../../shared/freezeHold';

/**
 * Step 6: queue the version's install jobs (each with its own mirroring) and follow the fleet
 * until no machine is pending in the v2 image status, the docs' own "fleet is ready" signal.
 * Everything stored is counts (InstallSummary): a 10,000-machine fleet costs what a 3-machine one
 * does. Failed machines wait for an operator: `retry` queues them again; `cancel` ends the rollout
 * as failed, with the first few named and the total.
 */
export async function runInstalls(ctx: RolloutContext): Promise<void> {
  const { tracker } = ctx;
  const s = tracker.status;
  const imageVersionId = s.imageVersionId;
  if (imageVersionId === undefined) throw new Error('runInstalls needs an image version');
  tracker.enter('installing', 'install', `queueing and following the installs of version ${imageVersionId}`);
  tracker.attempt('install');
  let queue: 'pending' | 'failed' = 'pending';
  for (;;) {
    const summary = await persist(ctx, 'install', () => followFleet(ctx, imageVersionId, queue));
    if (summary.fleetUnavailable !== undefined) {
      tracker.note(
        'install',
        `image status unavailable (${summary.fleetUnavailable}): the fleet is confirmed from its install jobs only`,
      );
      if (summary.jobsSeen === 0) {
        // Nothing seen and nothing to ask: never call that a completed fleet.
        const why = `no install job of version ${imageVersionId} was listed and the image status is unavailable: the fleet cannot be confirmed`;
        tracker.error('install', why);
        await awaitRetry(ctx, 'install', why, 'look again');
        continue;
      }
    } else if (summary.jobsSeen === 0) {
      tracker.note(
        'install',
        `no install job of version ${imageVersionId} was still listed: they ran before the rollout looked; the fleet reports ${fleetText(summary.fleet)}`,
      );
    }
    const failed = Math.max(summary.failedTotal, summary.fleet?.failedMachines ?? 0);
    if (failed === 0) {
      tracker.note('install', `fleet confirmed by the image status: ${fleetText(summary.fleet)}`);
      return;
    }
    const why = `${failed} machines failed (${fleetText(summary.fleet)}): ${failedText(summary, failed)}`;
    tracker.error('install', why);
    await awaitRetry(ctx, 'install', why, 'queue the failed installs again');
    tracker.attempt('install');
    queue = 'failed';
  }
}

/** One follow of the fleet, with warnings; the status shows its counts as each follow ends. */
async function followFleet(
  ctx: RolloutContext,
  imageVersionId: number,
  queue: 'pending' | 'failed',
): Promise<InstallSummary> {
  const { input, tracker } = ctx;
  const result = await followWithWarnings(ctx, 'install', async (watch, again) => {
    // Queueing is a create a freeze holds; the follow of what was queued is not held.
    const followed = await heldWhileFrozen(tracker, 'install', () =>
      ctx.followers.followFleetInstalls({
        accountServiceId: input.accountServiceId,
        imageId: input.imageId,
        imageVersionId,
        // Queue once; a follow that ended to report a warning carries on without queueing again.
        queue: again ? 'none' : queue,
        watch,
      }),
    );
    tracker.installs(followed.summary);
    return followed;
  });
  return result.summary;
}

/**
 * The failed machines in words: the listed ones by name (the first few), the rest counted. Those
 * that left imageinstall/status (an account that drops failed installs from it: the docs leave
 * this open) are counted by the image status only, and cannot be queued again from here.
 */
function failedText(summary: InstallSummary, failed: number): string {
  const named = summary.failedMachines.map(
    (m) => `job ${m.jobId} on machine ${m.machine ?? '?'} (${m.location ?? '?'}): ${m.error ?? 'failed'}`,
  );
  const listedMore = summary.failed - named.length;
  const unlisted = failed - summary.failed;
  const parts = [
    ...named,
    ...(listedMore > 0 ? [`${listedMore} more (clanforge-rollout installs <id> --failed lists them)`] : []),
    ...(unlisted > 0
      ? [
          `${unlisted} no longer listed by imageinstall/status, counted by the image status only: retry cannot queue them again; queue them in Clanforge, then retry to follow them`,
        ]
      : []),
  ];
  return parts.join('; ');
}
