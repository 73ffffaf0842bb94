import {
  activityInfo,
  ApplicationFailure,
  CancelledFailure,
  cancellationSignal,
  heartbeat,
} from '@temporalio/activity';
import { ApplicationFailureCategory } from '@temporalio/common';
import { isClanforgeError } from '../clanforge/errors';
import { toActivityFailure } from './failures';
import {
  isFollowProgress,
  isRecoverable,
  recordAnswer,
  untilCancelled,
  watchAlarm,
  type FollowLoop,
  type FollowOutcome,
  type FollowProgress,
} from './follower';
import { errorBackoff, isOverdue, nextPollDelay } from './pollSchedule';
import { freshClock, type FollowWarning } from './stuckWatch';
import { clearFollower } from './watchRegistry';

/** The failure type of "asked, not done yet": a planned poll, not an error. */
export const NOT_DONE_YET = 'NotDoneYet';
/** The failure type of a status call that failed for a passing reason; the next attempt asks again. */
export const STATUS_CALL_FAILED = 'StatusCallFailed';

/**
 * One poll per activity attempt, with the activity's retry as the poll interval (Temporal's
 * "slow polling" pattern): ask once; when the job is not done, fail with `nextRetryDelay` set to
 * the eta-aware delay, so the server runs the next attempt when the next poll is due. Between
 * polls nothing runs and no slot is held; retries add no history events; a lost worker costs
 * nothing, since any worker takes the next attempt at its planned time.
 *
 * What one poll tells the next (counters, the stuck-watch clock, the last answer for live status)
 * travels as the attempt's last heartbeat: recorded with the failure, handed to the next attempt
 * as `heartbeatDetails`, and read by getRollout from the pending activity.
 */
export async function pollOnce<S>(loop: FollowLoop<S>): Promise<FollowOutcome<S>> {
  const info = activityInfo();
  const key = `${info.workflowExecution?.workflowId ?? '-'}/${info.activityId}`;
  const resumed = isFollowProgress<S>(info.heartbeatDetails) ? info.heartbeatDetails : undefined;
  const progress: FollowProgress<S> = resumed ?? { polls: 0, errors: 0, overduePolls: 0 };
  progress.clock ??= loop.watch?.clock ?? freshClock(Date.now());
  // Before this poll counts itself: `progress` is the resumed object.
  const resumedAtPoll = resumed?.polls ?? 0;
  const finish = (last: S | undefined, warning?: FollowWarning): FollowOutcome<S> => {
    clearFollower(key);
    return {
      last,
      polls: progress.polls,
      errors: progress.errors,
      attempt: info.attempt,
      resumedAtPoll,
      warning,
      clock: progress.clock!,
    };
  };

  if (!resumed && info.attempt === 1 && loop.firstLookMs !== undefined) {
    // Nothing to record yet: the next attempt starts from a fresh clock, as this one would have.
    throw notDoneYet(Math.max(loop.policy.minDelayMs, Math.round(loop.firstLookMs)), 'a job just created; first look');
  }
  let state: S;
  try {
    state = await untilCancelled(loop.fetch(progress.last));
  } catch (error) {
    if (error instanceof CancelledFailure || cancellationSignal().aborted) throw error;
    const consecutive = (progress.consecutiveErrors ?? 0) + 1;
    progress.consecutiveErrors = consecutive;
    progress.errors++;
    if (!isRecoverable(error, consecutive, loop.maxBadResponses ?? 5)) {
      clearFollower(key);
      throw toActivityFailure(error);
    }
    progress.clock = { ...progress.clock, failuresSinceAnswer: progress.clock.failuresSinceAnswer + 1 };
    const delay = errorBackoff(loop.policy, consecutive, isClanforgeError(error) ? error.retryAfterMs : undefined);
    const warning = watchAlarm(loop.watch, progress, Date.now(), key, lapseAfter(delay));
    if (warning) return finish(progress.last, warning);
    heartbeat(progress);
    throw ApplicationFailure.create({
      type: STATUS_CALL_FAILED,
      message: `status call failed; asking again in ${delay} ms: ${String(error)}`,
      nextRetryDelay: delay,
    });
  }

  const now = Date.now();
  recordAnswer(loop, progress, state, now);
  if (loop.isDone(state)) return finish(state);
  const timing = loop.timing(state);
  const delay = nextPollDelay(loop.policy, timing, now, progress.overduePolls);
  progress.overduePolls = isOverdue(loop.policy, timing, now) ? progress.overduePolls + 1 : 0;
  const warning = watchAlarm(loop.watch, progress, now, key, lapseAfter(delay));
  if (warning) return finish(state, warning);
  heartbeat(progress);
  throw notDoneYet(delay, 'not done yet; next poll');
}

function notDoneYet(delayMs: number, what: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: NOT_DONE_YET,
    message: `${what} in ${delayMs} ms`,
    nextRetryDelay: delayMs,
    // Benign: an expected outcome, not logged or counted as an error by the SDK.
    category: ApplicationFailureCategory.BENIGN,
  });
}

/** A warning gauge entry stands until a little after the next poll was due (watchRegistry.ts). */
function lapseAfter(delayMs: number): number {
  return 2 * delayMs + 60_000;
}
