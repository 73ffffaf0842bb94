import { activityInfo, cancellationSignal, CancelledFailure, heartbeat, log, sleep } from '@temporalio/activity';
import { isClanforgeError } from '../clanforge/errors';
import { toActivityFailure } from './failures';
import { errorBackoff, isOverdue, nextPollDelay, type PollObservation, type PollPolicy } from './pollSchedule';

/** Heartbeat details: everything a replacement worker needs to carry on where the last one was. */
export interface FollowProgress<S> {
  polls: number;
  errors: number;
  overduePolls: number;
  last?: S;
}

export interface FollowOutcome<S> {
  last: S;
  polls: number;
  errors: number;
  attempt: number;
  /** Poll count inherited from a previous attempt's heartbeat (0 when this attempt started fresh). */
  resumedAtPoll: number;
}

export interface FollowLoop<S> {
  policy: PollPolicy;
  /** One status call. */
  fetch: (previous: S | undefined) => Promise<S>;
  isDone: (state: S) => boolean;
  /** The timing facts that decide the next poll. */
  timing: (state: S) => PollObservation;
  /** Consecutive malformed bodies tolerated on a status read before giving up. */
  maxBadResponses?: number;
}

/**
 * The job follower's loop, run inside one heartbeating activity: poll, decide the next delay
 * from the job's eta, sleep while heartbeating, repeat. Transient API errors are waited out here
 * (a status read is safe to repeat); permanent ones fail the activity. The heartbeat carries the
 * progress, so an attempt on a new worker resumes from it instead of starting over.
 */
export async function followUntilDone<S>(loop: FollowLoop<S>): Promise<FollowOutcome<S>> {
  const info = activityInfo();
  // Heartbeat well inside the timeout the workflow chose, or a healthy follower would time out.
  const heartbeatEveryMs = Math.min(loop.policy.heartbeatEveryMs, info.heartbeatTimeoutMs ? info.heartbeatTimeoutMs / 3 : Infinity);
  const resumed = info.heartbeatDetails as FollowProgress<S> | undefined;
  const progress: FollowProgress<S> = resumed ?? { polls: 0, errors: 0, overduePolls: 0 };
  const resumedAtPoll = resumed?.polls ?? 0;
  if (resumed) log.info('job follower resuming from heartbeat', { polls: resumed.polls, attempt: info.attempt });

  let consecutiveErrors = 0;
  for (;;) {
    let state: S;
    try {
      state = await untilCancelled(loop.fetch(progress.last));
      consecutiveErrors = 0;
    } catch (error) {
      if (error instanceof CancelledFailure || cancellationSignal().aborted) throw error;
      consecutiveErrors++;
      progress.errors++;
      if (!isRecoverable(error, consecutiveErrors, loop.maxBadResponses ?? 5)) throw toActivityFailure(error);
      const delay = errorBackoff(loop.policy, consecutiveErrors, isClanforgeError(error) ? error.retryAfterMs : undefined);
      log.warn('job follower status call failed; will retry', { error: String(error), delayMs: delay });
      await sleepHeartbeating(delay, heartbeatEveryMs, progress);
      continue;
    }
    progress.polls++;
    progress.last = state;
    if (loop.isDone(state)) {
      heartbeat(progress);
      return { last: state, polls: progress.polls, errors: progress.errors, attempt: info.attempt, resumedAtPoll };
    }
    const now = Date.now();
    const timing = loop.timing(state);
    const delay = nextPollDelay(loop.policy, timing, now, progress.overduePolls);
    progress.overduePolls = isOverdue(loop.policy, timing, now) ? progress.overduePolls + 1 : 0;
    await sleepHeartbeating(delay, heartbeatEveryMs, progress);
  }
}

function isRecoverable(error: unknown, consecutive: number, maxBadResponses: number): boolean {
  if (!isClanforgeError(error)) return false;
  if (error.transient) return true;
  // A truncated body on a read is most likely a network hiccup; repeated, it is a real problem.
  return error.type === 'ClanforgeBadResponse' && consecutive <= maxBadResponses;
}

/** Sleeps in heartbeat-sized slices: each heartbeat is when cancellation can reach us. */
async function sleepHeartbeating<S>(ms: number, everyMs: number, progress: FollowProgress<S>): Promise<void> {
  heartbeat(progress);
  let remaining = ms;
  while (remaining > 0) {
    const slice = Math.min(remaining, Math.max(everyMs, 1));
    await sleep(slice);
    remaining -= slice;
    heartbeat(progress);
  }
}

/** A status request does not wait for its own timeout once the activity is cancelled. */
function untilCancelled<T>(promise: Promise<T>): Promise<T> {
  const signal = cancellationSignal();
  if (signal.aborted) return Promise.reject(new CancelledFailure('activity cancelled'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CancelledFailure('activity cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
