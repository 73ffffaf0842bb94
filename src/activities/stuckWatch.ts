import { ApplicationFailure } from '@temporalio/common';
import { JOB_STUCK } from '../contract/failureTypes';
import { scaledMinutes, type PollPolicy } from './pollSchedule';

/**
 * What the follower knows about a job's liveness, carried in its heartbeat and handed from one
 * follow to the next, so "no progress since T" survives a warning and a new worker.
 */
export interface WatchClock {
  /** When the job last moved: its progress key changed (ms since the epoch). */
  lastProgressAt: number;
  /** The progress key as it last moved (absent in clocks from before it: the first answer then counts as a move). */
  key?: string;
  /** When the job, as it last moved, said it would be done (its eta, ms): until then a still job is on schedule. */
  promisedBy?: number;
  /** When the API last answered a status call. */
  lastAnswerAt: number;
  /** Failed status calls since that answer. */
  failuresSinceAnswer: number;
}

/** The warnings a follower can raise; each is reported to the workflow once per follow. */
export type WarningKind = 'overdue' | 'no-progress' | 'silent';

export interface FollowWarning {
  kind: WarningKind;
  text: string;
}

export interface WatchThresholds {
  /** Warn once a job is this far past its eta. */
  overdueMs: number;
  /** Warn when a running job has been still (stillSince) for this long. */
  noProgressMs: number;
  /** Warn when the API has not answered for this long. */
  silentMs: number;
  /** Stop following and ask an operator (the input's stuckAfterMinutes, scaled). */
  stuckAfterMs: number;
}

/** What the workflow asks of a follow: its stuckAfterMinutes, the warnings it already shows, the clock so far. */
export interface WatchRequest {
  stuckAfterMinutes: number;
  known: WarningKind[];
  clock?: WatchClock;
}

/** The policy's warning thresholds (already scaled) and the input's stuckAfterMinutes in the policy's time. */
export function watchThresholds(policy: PollPolicy, stuckAfterMinutes: number): WatchThresholds {
  return {
    overdueMs: policy.warnOverdueMs,
    noProgressMs: policy.warnNoProgressMs,
    silentMs: policy.warnSilentMs,
    stuckAfterMs: scaledMinutes(policy, stuckAfterMinutes),
  };
}

/**
 * What the watch needs from one observation: a label, whether it is running, its eta and a
 * progress key. The key is made of what the API really moves: the state, `jobupdated` and
 * `jobprogress` of a job (the real API is reported to keep progress at 0), the machines open,
 * failed and done of a fleet.
 */
export interface WatchedState {
  label: string;
  running: boolean;
  /** Unix seconds: the overdue warning counts from it. */
  eta?: number;
  /** Unix seconds: when the job says it will be done, if later than `eta` (a fleet: the latest eta of its open jobs). */
  promise?: number;
  /** Changes whenever the job moves (state, jobupdated, progress, machines done). */
  progressKey: string;
  progressText: string;
}

/** Clanforge's timestamps are whole seconds: a job is due by the end of its eta's second, not its start. */
const ETA_RESOLUTION_MS = 1000;
const etaMs = (eta: number) => eta * 1000 + ETA_RESOLUTION_MS;

const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));
const clockTime = (ms: number) => new Date(ms).toISOString().slice(11, 16);

export function freshClock(now: number): WatchClock {
  return { lastProgressAt: now, lastAnswerAt: now, failuresSinceAnswer: 0 };
}

/**
 * The clock after a successful status call: progress time (and the eta the job promised) moves
 * only when the job moved. The key travels with the clock, so a follow that starts after a
 * warning does not take its first answer for a move.
 */
export function afterAnswer(
  clock: WatchClock,
  previousKey: string | undefined,
  state: WatchedState,
  now: number,
): WatchClock {
  const before = clock.key ?? previousKey;
  const answered = { lastAnswerAt: now, failuresSinceAnswer: 0 };
  const promise = state.promise ?? state.eta;
  const promised = promise !== undefined && promise > 0 ? { promisedBy: etaMs(promise) } : {};
  // Still, the job keeps the eta it gave as it last moved; one that moved before it had an eta
  // (a job seen Queued, then Running within the same jobupdated second) takes its first eta.
  if (before !== undefined && before === state.progressKey)
    return { ...clock, ...(clock.promisedBy === undefined ? promised : {}), ...answered };
  return { lastProgressAt: now, key: state.progressKey, ...promised, ...answered };
}

/**
 * Since when a job has been still beyond what it promised: its last move, or the eta it gave then
 * if that is later. A long job whose state, jobupdated and progress stay put (progress at 0, as
 * the real API is reported to keep it) is on schedule until its eta; a job still after its eta is not.
 */
function stillSince(clock: WatchClock): number {
  return Math.max(clock.lastProgressAt, clock.promisedBy ?? 0);
}

/** "since 12:00 UTC (95 min), 35 min past the eta it gave then" */
function stillText(clock: WatchClock, now: number): string {
  const past = clock.promisedBy !== undefined && clock.promisedBy > clock.lastProgressAt;
  const eta = past ? `, ${minutes(now - clock.promisedBy!)} min past the eta it gave then` : '';
  return `since ${clockTime(clock.lastProgressAt)} UTC (${minutes(now - clock.lastProgressAt)} min${eta})`;
}

/** Plain sentences for what is wrong now; empty when all is well. Times are the follower's scaled ones. */
export function warningsFor(
  clock: WatchClock,
  state: WatchedState | undefined,
  endpoint: string,
  t: WatchThresholds,
  now: number,
): FollowWarning[] {
  const warnings: FollowWarning[] = [];
  const silentFor = now - clock.lastAnswerAt;
  if (silentFor >= t.silentMs) {
    warnings.push({
      kind: 'silent',
      text: `no answer from ${endpoint} for ${minutes(silentFor)} min: ${clock.failuresSinceAnswer} failed calls`,
    });
  }
  if (!state) return warnings;
  if (state.eta !== undefined && state.eta > 0 && now - etaMs(state.eta) >= t.overdueMs) {
    warnings.push({
      kind: 'overdue',
      text: `${state.label} is ${minutes(now - etaMs(state.eta))} min past its eta, still ${state.progressText}`,
    });
  }
  // A job still in Created or Queued escalates like a running one: it is warned about first too.
  if (now - stillSince(clock) >= t.noProgressMs) {
    const what = state.running ? 'no progress' : 'not started';
    warnings.push({
      kind: 'no-progress',
      text: `${state.label}: ${what} ${stillText(clock, now)}, still ${state.progressText}`,
    });
  }
  return warnings;
}

/** Past stuckAfter: a non-retryable failure the workflow turns into `awaiting-operator`. */
export function stuckFailure(
  clock: WatchClock,
  state: WatchedState | undefined,
  endpoint: string,
  t: WatchThresholds,
  now: number,
): ApplicationFailure | undefined {
  const silentFor = now - clock.lastAnswerAt;
  if (silentFor >= t.stuckAfterMs) {
    return ApplicationFailure.create({
      type: JOB_STUCK,
      nonRetryable: true,
      message: `no answer from ${endpoint} for ${minutes(silentFor)} min (${clock.failuresSinceAnswer} failed calls)`,
    });
  }
  if (state && now - stillSince(clock) >= t.stuckAfterMs) {
    return ApplicationFailure.create({
      type: JOB_STUCK,
      nonRetryable: true,
      message: `${state.label} made no progress ${stillText(clock, now)} (still ${state.progressText})`,
    });
  }
  return undefined;
}
