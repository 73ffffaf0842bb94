import { activityInfo, cancellationSignal, CancelledFailure, heartbeat, log, sleep } from '@temporalio/activity';
import { isClanforgeError } from '../clanforge/errors';
import { toActivityFailure } from './failures';
import { errorBackoff, isOverdue, nextPollDelay, type PollObservation, type PollPolicy } from './pollSchedule';
import { clearFollower, setFollowerWarnings } from './watchRegistry';
import {
  afterAnswer,
  freshClock,
  stuckFailure,
  warningsFor,
  type FollowWarning,
  type WarningKind,
  type WatchClock,
  type WatchedState,
  type WatchThresholds,
} from './stuckWatch';

/** Heartbeat details: everything a replacement worker needs to carry on where the last one was. */
export interface FollowProgress<S> {
  polls: number;
  errors: number;
  overduePolls: number;
  last?: S;
  /** Liveness of the job and the API (stuckWatch.ts). */
  clock?: WatchClock;
  /** What is wrong now, in words: read live by getRollout / watch at no history cost. */
  warnings?: string[];
  /** Failed status calls in a row (pollOnce.ts carries it from attempt to attempt). */
  consecutiveErrors?: number;
}

export interface FollowOutcome<S> {
  /** Undefined only when a warning came before the first answer. */
  last: S | undefined;
  polls: number;
  errors: number;
  attempt: number;
  /** Poll count inherited from a previous attempt's heartbeat (0 when this attempt started fresh). */
  resumedAtPoll: number;
  /** Set when the follow ended early to report a new warning; follow again with it known. */
  warning?: FollowWarning;
  clock: WatchClock;
}

/** The stuck-job watch of one follow: thresholds, what the workflow already knows, where the clock stands. */
export interface FollowWatch<S> {
  thresholds: WatchThresholds;
  /** Warning kinds already reported: not reported again by this follow. */
  known: WarningKind[];
  /** Carried over from the previous follow of the same job. */
  clock?: WatchClock;
  /** The status endpoint, for "no answer from …". */
  endpoint: string;
  describe: (state: S) => WatchedState;
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
  watch?: FollowWatch<S>;
  /** A job just created: make no call until this long after the follow began (jobTimes.ts). */
  firstLookMs?: number;
}

/**
 * The job follower's loop, run inside one heartbeating activity: poll, decide the next delay
 * from the job's eta, sleep while heartbeating, repeat. Transient API errors are waited out here
 * (a status read is safe to repeat); permanent ones fail the activity. The heartbeat carries the
 * progress, so an attempt on a new worker resumes from it instead of starting over.
 */
export async function followUntilDone<S>(loop: FollowLoop<S>): Promise<FollowOutcome<S>> {
  const info = activityInfo();
  const key = `${info.workflowExecution?.workflowId ?? '-'}/${info.activityId}`;
  try {
    return await follow(loop, info, key);
  } finally {
    clearFollower(key);
  }
}

async function follow<S>(
  loop: FollowLoop<S>,
  info: ReturnType<typeof activityInfo>,
  key: string,
): Promise<FollowOutcome<S>> {
  // Heartbeat well inside the timeout the workflow chose, or a healthy follower would time out.
  const heartbeatEveryMs = Math.min(
    loop.policy.heartbeatEveryMs,
    info.heartbeatTimeoutMs ? info.heartbeatTimeoutMs / 3 : Infinity,
  );
  const resumed = isFollowProgress<S>(info.heartbeatDetails) ? info.heartbeatDetails : undefined;
  const progress: FollowProgress<S> = resumed ?? { polls: 0, errors: 0, overduePolls: 0 };
  progress.clock ??= loop.watch?.clock ?? freshClock(Date.now());
  const resumedAtPoll = resumed?.polls ?? 0;
  if (resumed) log.info('job follower resuming from heartbeat', { polls: resumed.polls, attempt: info.attempt });
  const outcome = (last: S | undefined, warning?: FollowWarning): FollowOutcome<S> => {
    heartbeat(progress);
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

  if (!resumed && loop.firstLookMs !== undefined) await sleepHeartbeating(loop.firstLookMs, heartbeatEveryMs, progress);
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
      progress.clock = { ...progress.clock!, failuresSinceAnswer: progress.clock!.failuresSinceAnswer + 1 };
      const warning = watchAlarm(loop.watch, progress, Date.now(), key);
      if (warning) return outcome(progress.last, warning);
      const delay = errorBackoff(
        loop.policy,
        consecutiveErrors,
        isClanforgeError(error) ? error.retryAfterMs : undefined,
      );
      log.warn('job follower status call failed; will retry', { error: String(error), delayMs: delay });
      await sleepHeartbeating(delay, heartbeatEveryMs, progress);
      continue;
    }
    recordAnswer(loop, progress, state, Date.now());
    if (loop.isDone(state)) {
      progress.warnings = [];
      return outcome(state);
    }
    const warning = watchAlarm(loop.watch, progress, Date.now(), key);
    if (warning) return outcome(state, warning);
    const now = Date.now();
    const timing = loop.timing(state);
    const delay = nextPollDelay(loop.policy, timing, now, progress.overduePolls);
    progress.overduePolls = isOverdue(loop.policy, timing, now) ? progress.overduePolls + 1 : 0;
    await sleepHeartbeating(delay, heartbeatEveryMs, progress);
  }
}

/** A status call answered: count it, move the stuck-watch clock, keep the answer. Both designs share it. */
export function recordAnswer<S>(loop: FollowLoop<S>, progress: FollowProgress<S>, state: S, now: number): void {
  progress.polls++;
  progress.consecutiveErrors = 0;
  if (loop.watch) {
    const previousKey = progress.last === undefined ? undefined : loop.watch.describe(progress.last).progressKey;
    progress.clock = afterAnswer(progress.clock!, previousKey, loop.watch.describe(state), now);
  }
  progress.last = state;
}

/**
 * Updates the live warnings; throws JobStuck past stuckAfter; returns a warning the workflow has
 * not been told of yet (the follow then ends early so the workflow can show it).
 */
export function watchAlarm<S>(
  watch: FollowWatch<S> | undefined,
  progress: FollowProgress<S>,
  now: number,
  key: string,
  forMs?: number,
): FollowWarning | undefined {
  if (!watch) return undefined;
  const state = progress.last === undefined ? undefined : watch.describe(progress.last);
  const stuck = stuckFailure(progress.clock!, state, watch.endpoint, watch.thresholds, now);
  if (stuck) throw stuck;
  const warnings = warningsFor(progress.clock!, state, watch.endpoint, watch.thresholds, now);
  progress.warnings = warnings.map((w) => w.text);
  setFollowerWarnings(
    key,
    warnings.map((w) => w.kind),
    forMs,
  );
  return warnings.find((w) => !watch.known.includes(w.kind));
}

/** Only a follower's own heartbeat is progress to resume from (an activity may heartbeat other things first). */
export function isFollowProgress<S>(details: unknown): details is FollowProgress<S> {
  const d = details as Partial<FollowProgress<S>> | undefined;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.polls === 'number' &&
    typeof d.errors === 'number' &&
    typeof d.overduePolls === 'number'
  );
}

export function isRecoverable(error: unknown, consecutive: number, maxBadResponses: number): boolean {
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
export function untilCancelled<T>(promise: Promise<T>): Promise<T> {
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
