import { cancellationSignal, CancelledFailure } from '@temporalio/activity';
import { isClanforgeError } from '../clanforge/errors';
import { isFollowerHeartbeat } from '../contract/followerHeartbeat';
import type { PollObservation, PollPolicy } from './pollSchedule';
import { setFollowerWarnings } from './watchRegistry';
import {
  afterAnswer,
  stuckFailure,
  warningsFor,
  type FollowWarning,
  type WarningKind,
  type WatchClock,
  type WatchedState,
  type WatchThresholds,
} from './stuckWatch';

// What a job follower is made of (pollOnce.ts runs it, one poll per activity attempt): its loop's
// definition, the progress one poll hands the next, and the steps every poll takes.

/** Heartbeat details: everything the next attempt (on any worker) needs to carry on where this one was. */
export interface FollowProgress<S> {
  polls: number;
  errors: number;
  overduePolls: number;
  last?: S;
  /** Liveness of the job and the API (stuckWatch.ts). */
  clock?: WatchClock;
  /** What is wrong now, in words: read live by getRollout / watch at no history cost. */
  warnings?: string[];
  /** Failed status calls in a row, carried from attempt to attempt. */
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

/** A status call answered: count it, move the stuck-watch clock, keep the answer. */
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
 * Updates the live warnings; returns a warning the workflow has not been told of yet (the follow
 * then ends early so the workflow can show it); throws JobStuck past stuckAfter once every warning
 * due is told, so an escalation is never the first the timeline hears of a job's trouble, even
 * when one look crosses both thresholds.
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
  const warnings = warningsFor(progress.clock!, state, watch.endpoint, watch.thresholds, now);
  progress.warnings = warnings.map((w) => w.text);
  setFollowerWarnings(
    key,
    warnings.map((w) => w.kind),
    forMs,
  );
  const untold = warnings.find((w) => !watch.known.includes(w.kind));
  const stuck = stuckFailure(progress.clock!, state, watch.endpoint, watch.thresholds, now);
  if (stuck && !untold) throw stuck;
  return untold;
}

/** Only a follower's own heartbeat is progress to resume from (an activity may heartbeat other things first). */
export function isFollowProgress<S>(details: unknown): details is FollowProgress<S> {
  return isFollowerHeartbeat(details);
}

export function isRecoverable(error: unknown, consecutive: number, maxBadResponses: number): boolean {
  if (!isClanforgeError(error)) return false;
  if (error.transient) return true;
  // A truncated body on a read is most likely a network hiccup; repeated, it is a real problem.
  return error.type === 'ClanforgeBadResponse' && consecutive <= maxBadResponses;
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
