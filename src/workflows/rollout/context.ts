import { ActivityFailure, ApplicationFailure, isCancellation } from '@temporalio/workflow';
import { JOB_STUCK } from '../../contract/failureTypes';
import type { Followers } from '../shared/activities';
import type { RolloutOptions } from '../../contract/rollout/input';
import type { OperatorInbox } from './operator';
import type { Step } from '../../contract/rollout/status';
import type { RolloutTracker } from './tracker';
import { describeFailure } from '../shared/failures';

/** What every step works with. */
export interface RolloutContext {
  input: RolloutOptions;
  tracker: RolloutTracker;
  inbox: OperatorInbox;
  followers: Followers;
}

/**
 * Parks the rollout in `awaiting-operator` until `retry` (cancel ends it through the scope);
 * `resumeAt`: the step retry goes back to, when not this one.
 */
export async function awaitRetry(
  ctx: RolloutContext,
  step: Step,
  what: string,
  retryMeans: string,
  resumeAt: Step = step,
): Promise<void> {
  ctx.tracker.awaitPerson(
    'awaiting-operator',
    step,
    `${what}. Signal retry to ${retryMeans}, or cancel to end the rollout.`,
    ['retry', 'cancel'],
    resumeAt,
  );
  await ctx.inbox.waitFor(['retry']);
}

/**
 * Runs a step body until it succeeds; when an activity fails for good (the API refused, bad
 * credentials, a body we cannot read), the rollout waits for an operator instead of failing, and
 * `retry` runs the body again. Bodies resume from the ids already recorded, so nothing is redone.
 */
export async function persist<T>(ctx: RolloutContext, step: Step, body: () => Promise<T>): Promise<T> {
  for (let failed = false; ; failed = true) {
    try {
      const result = await body();
      if (failed) ctx.tracker.resolved(step);
      return result;
    } catch (error) {
      if (isCancellation(error)) throw error;
      const message = describeFailure(error);
      ctx.tracker.error(step, message);
      // A job still past stuckAfter has not failed: the reason says what it did, not "failed".
      if (isJobStuck(error)) await awaitRetry(ctx, step, message, `follow it again`);
      else await awaitRetry(ctx, step, `${step} failed: ${message}`, `try the ${step} step again`);
    }
  }
}

function isJobStuck(error: unknown): boolean {
  return (
    error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === JOB_STUCK
  );
}
