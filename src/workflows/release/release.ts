import {
  ApplicationFailure,
  CancellationScope,
  continueAsNew,
  isCancellation,
  log,
  patched,
  setHandler,
  setWorkflowOptions,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { describeConflicts } from '../../contract/releaseConflictText';
import { ReleaseId } from '../../contract/searchAttributes';
import { defaultWorkflowId } from '../../contract/rollout/input';
import { temporalReads } from '../shared/activities';
import { unregisteredAttributes } from '../shared/searchAttributes';
import { ReleaseInbox } from './inbox';
import {
  candidateRolloutInputsOf,
  installAtProblemsOf,
  InvalidReleaseInput,
  parseReleaseInput,
  rolloutInputsOf,
  waveCount,
  type ReleaseOptions,
} from '../../contract/release/input';
import { releaseInputQuery, releaseStatusQuery, rolloutPhaseSignal } from '../../contract/release/messages';
import type { ReleaseImageStatus, ReleaseResult } from '../../contract/release/status';
import { ReleaseTracker, type ReleaseCarry } from './tracker';
import { cancelRunning, runWave, type ReleaseContext } from './wave';
import { pairRow } from './pair';
import { heldWhileFrozen } from '../shared/freezeHold';

/**
 * The release: one build to many images, in waves. Each image is an ordinary child `rollout`
 * (rollout-<asid>-<image>). A wave starts when every rollout of the one before has completed
 * and, with pauseBetweenWaves, after `promote`. An image that ends other than completed puts the
 * release in awaiting-operator: `retry` starts it again, `cancel` cancels every running rollout.
 * Between waves the release continues as new, so one run's history holds one wave.
 */
export async function release(rawInput: unknown, carried?: ReleaseCarry): Promise<ReleaseResult> {
  let input: ReleaseOptions | null = null;
  setHandler(releaseInputQuery, () => input);
  let tracker: ReleaseTracker;
  try {
    input = parseReleaseInput(rawInput);
  } catch (error) {
    if (!(error instanceof InvalidReleaseInput)) throw error;
    tracker = new ReleaseTracker(releaseIdOf(rawInput), 0, []);
    setHandler(releaseStatusQuery, () => tracker.status);
    return fail(tracker, 'InvalidReleaseInput', error.message, { problems: error.problems });
  }

  const inputs = rolloutInputsOf(input);
  const images: ReleaseImageStatus[] = inputs.map((rolloutInput, index) => {
    const entry = input!.images[index]!;
    if (entry.pair) return pairRow({ ...entry, pair: entry.pair }, entry.wave);
    return {
      workflowId: defaultWorkflowId(rolloutInput),
      accountServiceId: rolloutInput.accountServiceId,
      imageId: rolloutInput.imageId,
      wave: entry.wave,
      phase: 'pending',
      progress: 'waiting for its wave',
      starts: 0,
    };
  });
  tracker = new ReleaseTracker(input.releaseId, waveCount(input), images, carried, input.gameBuild);
  tracker.notify = input.notify;
  if (!carried) {
    // Before anything is created, by the workflow's own clock; releases of 1.0.0 did not check.
    const problems = installAtProblemsOf(input, Date.now());
    if (problems.length > 0 && patched('release-install-at-ahead')) {
      setHandler(releaseStatusQuery, () => tracker.status);
      return fail(tracker, 'InvalidReleaseInput', new InvalidReleaseInput(problems).message, { problems });
    }
  }
  const inbox = new ReleaseInbox(tracker);
  setHandler(releaseStatusQuery, () => tracker.status);
  setHandler(rolloutPhaseSignal, (report) => tracker.reported(report));
  inbox.install();
  // Made before anything is awaited, so a cancel that arrives during the start checks is kept.
  const scope = new CancellationScope();
  inbox.onCancel = () => scope.cancel();
  const releaseIdRegistered = await setReleaseId(input.releaseId, tracker);
  const ctx: ReleaseContext = {
    releaseId: input.releaseId,
    releaseIdRegistered,
    tracker,
    inbox,
    release: input,
    inputs: new Map(
      images.filter((image) => !image.pair).map((image) => [image.workflowId, inputs[images.indexOf(image)]!]),
    ),
    running: new Map(),
  };

  if (!carried) {
    tracker.enter(
      'running',
      `release ${input.releaseId}: ${images.length} images in ${tracker.status.waves} wave${tracker.status.waves === 1 ? '' : 's'}`,
    );
    // Refused at start, as the client library refuses it, for a release started by type name.
    // Both images of a pair: a rollout of either still running conflicts (the same list as before for a release without pairs).
    const conflicts = (await temporalReads.runningRollouts({ inputs: candidateRolloutInputsOf(input) })).filter(
      (running) => running.differences.length > 0,
    );
    if (conflicts.length > 0)
      return fail(tracker, 'ReleaseConflict', `release ${input.releaseId} refused: ${describeConflicts(conflicts)}`);
  }

  let next: number | undefined;
  try {
    next = await scope.run(() => runWaves(ctx, input!));
  } catch (error) {
    if (!isCancellation(error)) {
      tracker.enter('failed', `release failed: ${String(error)}`);
      throw error;
    }
    return CancellationScope.nonCancellable(async () => {
      const reason = inbox.cancelReason ?? 'cancelled through Temporal';
      tracker.status.reason = reason;
      tracker.note(
        `cancelling: ${ctx.running.size} running rollout${ctx.running.size === 1 ? '' : 's'} asked to cancel`,
      );
      await cancelRunning(ctx, reason);
      tracker.enter('cancelled', `cancelled: ${reason}`);
      tracker.post('ended', `release ${input!.releaseId} cancelled: ${reason}`);
      await tracker.flushNotifications();
      log.info('release cancelled', { reason });
      if (!inbox.cancelRequested) throw error;
      return result(tracker, 'cancelled');
    });
  }
  if (next !== undefined) return continueAsNew<typeof release>(rawInput, await tracker.carry(next));
  tracker.enter('completed', `release completed: ${images.length} images in ${tracker.status.waves} waves`);
  tracker.post('ended', `release ${input.releaseId} completed`);
  await tracker.flushNotifications();
  return result(tracker, 'completed');
}

// A release outlives builds (it waits days for promote): it moves to the current build at its next
// workflow task, so a change to this code that a running release may replay needs a patch()
// recorded in the ledger (docs/explanation/versioning.md). Its rollouts start PINNED on the current build.
setWorkflowOptions({ versioningBehavior: 'AUTO_UPGRADE' }, release);

/** Runs the waves of this run: returns the next wave when the release should continue as new, or undefined when done. */
async function runWaves(ctx: ReleaseContext, input: ReleaseOptions): Promise<number | undefined> {
  const { tracker, inbox } = ctx;
  const wave = tracker.status.wave;
  if (wave > 1 && input.pauseBetweenWaves) {
    const images = tracker.imagesOfWave(wave).length;
    inbox.accept('promote');
    tracker.awaitPerson(
      'awaiting-promotion',
      `wave ${wave - 1} of ${tracker.status.waves} completed. Check its images' fleet, then promote to start wave ${wave} (${images} image${images === 1 ? '' : 's'}), or cancel.`,
      ['promote', 'cancel'],
    );
    await inbox.waitToTake('promote');
  }
  // No wave starts while frozen; releases begun before the freeze existed did not ask (patch release-freeze-gate).
  if (patched('release-freeze-gate'))
    await heldWhileFrozen(tracker, 'wave', () => temporalReads.freezeCheck({ create: 'wave' }));
  await runWave(ctx, wave);
  if (wave === tracker.status.waves) return undefined;
  tracker.note(`wave ${wave} of ${tracker.status.waves} completed`);
  return wave + 1;
}

function fail(tracker: ReleaseTracker, type: string, message: string, details?: unknown): never {
  tracker.status.reason = message;
  tracker.enter('failed', message);
  throw ApplicationFailure.create({
    message,
    type,
    nonRetryable: true,
    details: details === undefined ? undefined : [details],
  });
}

function result(tracker: ReleaseTracker, phase: ReleaseResult['phase']): ReleaseResult {
  const s = tracker.status;
  return {
    phase,
    releaseId: s.releaseId,
    reason: s.reason,
    waves: s.waves,
    images: s.images,
    startedAt: s.startedAt,
    finishedAt: new Date().toISOString(),
    timeline: s.timeline,
    actions: s.actions,
  };
}

/** The release id of a possibly invalid input, so even a refused release's status names it. */
function releaseIdOf(raw: unknown): string {
  const id = typeof raw === 'object' && raw !== null ? (raw as { releaseId?: unknown }).releaseId : undefined;
  return typeof id === 'string' ? id.slice(0, 100) : '(none)';
}

/**
 * ReleaseId on the release, unless its start set it already (then the namespace has it). A
 * namespace from before releases lacks it: the release and its rollouts go on without it, and the
 * status says so, since an upsert or child start with an unregistered attribute fails for ever.
 */
async function setReleaseId(releaseId: string, tracker: ReleaseTracker): Promise<boolean> {
  if (workflowInfo().typedSearchAttributes.get(ReleaseId) === releaseId) return true;
  // A release started by type name on an earlier build upserted at once: its history replays so.
  if (!patched('release-id-registered')) {
    upsertSearchAttributes([{ key: ReleaseId, value: releaseId }]);
    return true;
  }
  const missing = await unregisteredAttributes(
    [
      {
        name: ReleaseId.name,
        consequence: `a search by ReleaseId='${releaseId}' finds neither the release nor its rollouts`,
      },
    ],
    (text) => tracker.warn(text),
  );
  if (missing.has(ReleaseId.name)) return false;
  upsertSearchAttributes([{ key: ReleaseId, value: releaseId }]);
  return true;
}
