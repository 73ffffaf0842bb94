import {
  CancellationScope,
  CancelledFailure,
  ChildWorkflowFailure,
  condition,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { RolloutOutcome } from '../../activities';
import { rolloutSummary } from '../../contract/metadata';
import {
  ClanforgeAccountServiceId,
  ClanforgeImageId,
  GameBuild,
  ReleaseId,
  RolloutPhase,
} from '../../contract/searchAttributes';
import type { RolloutOptions } from '../../contract/rollout/input';
import type { RolloutWorkflow } from '../../contract/rollout/workflow';
import { cancelSignal as rolloutCancelSignal } from '../../contract/rollout/messages';
import { isFinalPhase } from '../../contract/rollout/status';
import { describeFailure } from '../shared/failures';
import { adoptedWatch } from './activities';
import { temporalReads } from '../shared/activities';
import type { ReleaseInbox } from './inbox';
import type { ReleaseImageStatus } from '../../contract/release/status';
import type { ReleaseOptions } from '../../contract/release/input';
import { choosePairSide } from './pair';
import type { ReleaseTracker } from './tracker';

/** What the wave code works with. */
export interface ReleaseContext {
  releaseId: string;
  /** False when the namespace lacks ReleaseId: its rollouts then start without it. */
  releaseIdRegistered: boolean;
  tracker: ReleaseTracker;
  inbox: ReleaseInbox;
  /** The release's input: a pair's rollout input is composed once its image is chosen. */
  release: ReleaseOptions;
  /** Each image's rollout input, by workflow id (not a pair's: it has two). */
  inputs: Map<string, RolloutOptions>;
  /** The images whose rollout the release is following now (a pair's row changes its workflow id when it chooses). */
  running: Map<ReleaseImageStatus, Promise<void>>;
}

/**
 * Runs one wave: every image's rollout in parallel, until all have completed. An image whose
 * rollout ends other than completed puts the release in awaiting-operator (the others go on);
 * `retry` starts the rollouts of those images again. Cancel arrives through the scope.
 */
export async function runWave(ctx: ReleaseContext, wave: number): Promise<void> {
  const { tracker, inbox } = ctx;
  tracker.status.wave = wave;
  const images = tracker.imagesOfWave(wave);
  const toStart = images.filter((image) => image.phase !== 'completed');
  for (const image of toStart) launch(ctx, image);
  const started = `wave ${wave} of ${tracker.status.waves} started: ${toStart.length} image${toStart.length === 1 ? '' : 's'}`;
  tracker.enter('running', started);
  tracker.post('wave-started', started);

  const failed = () =>
    images.filter((image) => image.phase !== 'completed' && isFinalPhase(image.phase) && !ctx.running.has(image));
  let announced = 0;
  for (;;) {
    await condition(
      () => images.every((image) => image.phase === 'completed') || failed().length !== announced || inbox.has('retry'),
    );
    if (images.every((image) => image.phase === 'completed')) return;
    if (inbox.take('retry')) {
      const again = failed();
      for (const image of again) launch(ctx, image);
      announced = 0;
      tracker.enter('running', `retry: starting ${again.map((image) => image.workflowId).join(', ')} again`);
      continue;
    }
    const now = failed();
    announced = now.length;
    if (now.length === 0) continue;
    const said = now
      .map((image) => `${image.workflowId} ${image.phase}${image.reason ? ` (${image.reason})` : ''}`)
      .join('; ');
    inbox.accept('retry');
    tracker.awaitPerson(
      'awaiting-operator',
      `wave ${wave}: ${said}. Signal retry to start ${now.length === 1 ? 'its rollout' : 'their rollouts'} again, or cancel to end the release.`,
      ['retry', 'cancel'],
    );
  }
}

/** Starts following an image's rollout, shielded from cancel: a cancel signals the rollouts instead (cancelRunning). */
function launch(ctx: ReleaseContext, image: ReleaseImageStatus): void {
  // A pair's input is known once it has read the live profile: it stays pending until then.
  const input = image.pair ? undefined : (ctx.inputs.get(image.workflowId) as RolloutOptions);
  ctx.tracker.image(image, {
    phase: input === undefined ? 'pending' : input.updateUrl ? 'updating' : 'diffing',
    progress: 'starting',
    runId: undefined,
    reason: undefined,
    adopted: undefined,
    starts: image.starts + 1,
  });
  const following = CancellationScope.nonCancellable(() => followImage(ctx, image, input)).finally(() =>
    ctx.running.delete(image),
  );
  ctx.running.set(image, following);
}

/** Starts the image's rollout as a child (or adopts the one running with the same input) and records how it ended. */
async function followImage(
  ctx: ReleaseContext,
  image: ReleaseImageStatus,
  given: RolloutOptions | undefined,
): Promise<void> {
  const end = (phase: RolloutOutcome['phase'], reason?: string, imageVersionId?: number) =>
    ctx.tracker.image(image, { phase, reason, imageVersionId, progress: reason ?? phase });
  let input = given;
  if (input === undefined) {
    if (ctx.inbox.cancelRequested) return end('cancelled', 'the release was cancelled before this rollout started');
    const entry = ctx.release.images[ctx.tracker.status.images.indexOf(image)]!;
    const chosen = await choosePairSide(ctx.release, entry, image, ctx.tracker);
    if ('problem' in chosen) return end('failed', chosen.problem);
    input = chosen;
  }
  for (let attempt = 1; ; attempt++) {
    // Following runs shielded from cancel: a cancel that came meanwhile must not start anything.
    if (ctx.inbox.cancelRequested) return end('cancelled', 'the release was cancelled before this rollout started');
    try {
      const child = await startChild<RolloutWorkflow>('rollout', {
        workflowId: image.workflowId,
        args: [input],
        // A release that is terminated asks its rollouts to cancel, and each cleans up.
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        typedSearchAttributes: [
          ...(ctx.releaseIdRegistered ? [{ key: ReleaseId, value: ctx.releaseId }] : []),
          { key: ClanforgeAccountServiceId, value: input.accountServiceId },
          { key: ClanforgeImageId, value: input.imageId },
          { key: RolloutPhase, value: input.updateUrl ? 'updating' : 'diffing' },
          ...(input.gameBuild ? [{ key: GameBuild, value: input.gameBuild }] : []),
        ],
        staticSummary: `${rolloutSummary(input)}, release ${ctx.releaseId} wave ${image.wave}`,
      });
      ctx.tracker.image(image, { runId: child.firstExecutionRunId });
      const result = await child.result();
      return end(result.phase, result.reason, result.imageVersionId);
    } catch (error) {
      if (error instanceof ChildWorkflowFailure) {
        return end(
          error.cause instanceof CancelledFailure ? 'cancelled' : 'failed',
          describeFailure(error.cause ?? error),
        );
      }
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) return end('failed', describeFailure(error));
    }
    // A rollout of this image is running already: the same input is adopted, another is refused.
    const running = await temporalReads.runningRollout({ input });
    if (!running) {
      if (attempt < 3) continue;
      return end('failed', `could not start ${image.workflowId}: it kept appearing as running`);
    }
    if (running.differences.length > 0) {
      return end(
        'failed',
        `${image.workflowId} is running with a different input (${running.differences.map((d) => d.field).join(', ')}); wait for it or cancel it, then retry`,
      );
    }
    ctx.tracker.image(image, {
      runId: running.runId,
      adopted: true,
      phase: (running.phase as ReleaseImageStatus['phase']) ?? image.phase,
      progress: 'adopted: was already running with the same input',
    });
    ctx.tracker.note(`adopted ${image.workflowId} (run ${running.runId}): it was already running with the same input`);
    const outcome = await adoptedWatch.rolloutOutcome({ workflowId: running.workflowId, runId: running.runId });
    return end(outcome.phase, outcome.reason, outcome.imageVersionId);
  }
}

/**
 * Cancels every rollout the release is following, as a rollout's own cancel does (each rejects
 * its open diff), and waits until all have ended. The cancel goes as the rollout's `cancel`
 * signal, so each rollout ends `cancelled` with the release's reason, by whoever cancelled the release.
 */
export async function cancelRunning(ctx: ReleaseContext, reason: string): Promise<void> {
  const following = [...ctx.running.keys()];
  // A rollout whose start is still under way is signalled once it has started.
  await condition(() => following.every((image) => !ctx.running.has(image) || image.runId !== undefined));
  await Promise.all(
    following
      .filter((image) => ctx.running.has(image))
      .map((image) => {
        return getExternalWorkflowHandle(image.workflowId, image.runId)
          .signal(rolloutCancelSignal, {
            reason: `release ${ctx.releaseId} cancelled: ${reason}`,
            ...(ctx.inbox.cancelBy === undefined ? {} : { by: ctx.inbox.cancelBy }),
          })
          .catch(() => undefined);
      }),
  );
  await Promise.all(ctx.running.values());
}
