import {
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  log,
  setHandler,
  setWorkflowOptions,
} from '@temporalio/workflow';
import { followers } from '../shared/activities';
import { awaitRetry, type RolloutContext } from './context';
import { InvalidRolloutInput, parseRolloutInput, type RolloutOptions } from '../../contract/rollout/input';
import { installMessageHandlers } from './handlers';
import { OperatorInbox } from './operator';
import { RolloutTracker } from './tracker';
import type { RolloutResult } from '../../contract/rollout/status';
import type { RolloutWorkflow } from '../../contract/rollout/workflow';
import { inputQuery, statusQuery } from '../../contract/rollout/messages';
import { upsertInputSearchAttributes } from './startAttributes';
import { awaitApproval } from './steps/approval';
import { cleanUpAfterCancel } from './steps/cleanup';
import { runDiff } from './steps/diff';
import { runInstalls } from './steps/install';
import { waitForInstallTime } from './steps/schedule';
import { runUpdate } from './steps/update';
import { runVersion } from './steps/version';
import { waitForWindow } from './steps/window';
import { checkCutover, runCutover } from './steps/cutover';

/**
 * The rollout: ships one build to a Clanforge fleet.
 * update? → diff (retries, operator) → approval? → wait for installAt and a window → version →
 * installs → cutover? A freeze holds each create (shared/freezeHold.ts).
 * Cancel (signal or Temporal's own) stops at once, rejects a diff no version used, creates nothing
 * more, and ends the rollout `cancelled`.
 */
export async function rollout(rawInput: unknown): Promise<RolloutResult> {
  const tracker = new RolloutTracker(partialIds(rawInput));
  const inbox = new OperatorInbox(tracker);
  setHandler(statusQuery, () => tracker.status);
  // Lets a second start compare its input with this one's (client startRollout).
  let parsedInput: RolloutOptions | null = null;
  setHandler(inputQuery, () => parsedInput);
  installMessageHandlers(inbox);

  let ctx: RolloutContext;
  try {
    // The workflow's clock (deterministic): installAt at most maxInstallAheadDays after the start.
    const input = parseRolloutInput(rawInput, Date.now());
    parsedInput = input;
    upsertInputSearchAttributes(input);
    tracker.notify = input.notify;
    if (input.remindEveryMinutes !== undefined) inbox.remindEveryMs = input.remindEveryMinutes * 60_000;
    if (input.autoCancelAfterMinutes !== undefined) inbox.autoCancelAfterMs = input.autoCancelAfterMinutes * 60_000;
    ctx = { input, tracker, inbox, followers };
  } catch (error) {
    if (!(error instanceof InvalidRolloutInput)) throw error;
    tracker.error('diff', error.message);
    tracker.enter('failed', null, error.message);
    throw ApplicationFailure.create({
      message: error.message,
      type: 'InvalidRolloutInput',
      nonRetryable: true,
      details: [{ problems: error.problems }],
    });
  }

  const scope = new CancellationScope();
  inbox.onCancel = () => scope.cancel();
  try {
    const outcome = await scope.run(() => runSteps(ctx));
    tracker.status.reason = outcome.reason;
    tracker.enter(outcome.phase, null, outcome.reason ?? `rollout ${outcome.phase}`);
    await tracker.flushNotifications();
    return result(ctx, outcome.phase, outcome.reason);
  } catch (error) {
    if (!isCancellation(error)) {
      if (tracker.phase !== 'failed') tracker.enter('failed', null, `rollout failed: ${String(error)}`);
      throw error;
    }
    return CancellationScope.nonCancellable(async () => {
      const reason = inbox.cancelReason ?? 'cancelled through Temporal';
      const failedInstalls =
        (tracker.status.installs?.failedTotal ?? 0) > 0 || (tracker.status.fleet?.failedMachines ?? 0) > 0;
      tracker.status.cancelReason = reason;
      tracker.status.reason = reason;
      await cleanUpAfterCancel(ctx);
      // Installs that failed and were not retried end the rollout as failed, with their list.
      const phase = tracker.status.step === 'install' && failedInstalls ? 'failed' : 'cancelled';
      tracker.enter(phase, null, `${phase}: ${reason}`);
      log.info('rollout ended after cancel', { phase, reason });
      await tracker.flushNotifications();
      // Temporal's own cancellation ends the execution as Canceled; the signal completes it.
      if (!inbox.cancelRequested) throw error;
      return result(ctx, phase, reason);
    });
  }
}

// The release starts rollouts by the contract's signature: this fails to compile if they part.
const _matchesContract: RolloutWorkflow = rollout;

// A rollout finishes on the build that started it: a new build changes no running rollout's code,
// so none needs a patch (docs/explanation/versioning.md).
setWorkflowOptions({ versioningBehavior: 'PINNED' }, rollout);

async function runSteps(
  ctx: RolloutContext,
): Promise<{ phase: 'completed' | 'rejected' | 'rolled-back'; reason?: string }> {
  const { input, tracker } = ctx;
  if (input.cutover) {
    const problems = await checkCutover(ctx);
    if (problems.length > 0) {
      const error = new InvalidRolloutInput(problems);
      tracker.error('cutover', error.message);
      tracker.enter('failed', null, error.message);
      throw ApplicationFailure.create({
        message: error.message,
        type: 'InvalidRolloutInput',
        nonRetryable: true,
        details: [{ problems }],
      });
    }
  }
  if (input.updateUrl) await runUpdate(ctx);
  let installAt: number | undefined;
  let scheduled = false;
  for (;;) {
    const diff = await runDiff(ctx);
    if (input.requireApproval && !(await awaitApproval(ctx, diff))) {
      return { phase: 'rejected', reason: ctx.inbox.rejectReason };
    }
    if (!scheduled) {
      installAt = await waitForInstallTime(ctx);
      scheduled = true;
    }
    // The first window opening at or after installAt; a version made after such a wait is made now.
    if (await waitForWindow(ctx, 'version', input.windows)) installAt = undefined;
    const version = await runVersion(ctx, diff, installAt);
    if (version.jobstateid === 5) break;
    const why = `version ${version.id} failed: ${version.joberror ?? 'no error text'}`;
    tracker.error('version', why);
    await awaitRetry(ctx, 'version', why, 'make a new diff and version', 'diff');
    // A diff makes at most one version: start again from a new diff.
    tracker.status.diffId = undefined;
    tracker.status.imageVersionId = undefined;
  }
  await runInstalls(ctx);
  if (input.cutover) return runCutover(ctx);
  return { phase: 'completed' };
}

function result(ctx: RolloutContext, phase: RolloutResult['phase'], reason?: string): RolloutResult {
  const s = ctx.tracker.status;
  return {
    phase,
    reason,
    updateId: s.updateId,
    diffId: s.diffId,
    imageVersionId: s.imageVersionId,
    fullImage: s.fullImage,
    uninstallJobId: s.uninstallJobId,
    created: s.created,
    attempts: s.attempts,
    installs: s.installs,
    fleet: s.fleet,
    ...(s.cutover && { cutover: s.cutover }),
    actions: s.actions,
    startedAt: ctx.tracker.startedAt,
    finishedAt: new Date().toISOString(),
    timeline: s.timeline,
  };
}

/** The ids of a possibly invalid input, so even a rejected rollout's status names its image. */
function partialIds(raw: unknown): {
  accountServiceId: number;
  imageId: number;
  machineId: number;
  gameBuild?: string;
} {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  return {
    accountServiceId: num(o.accountServiceId),
    imageId: num(o.imageId),
    machineId: num(o.machineId),
    gameBuild: typeof o.gameBuild === 'string' ? o.gameBuild : undefined,
  };
}
