import { ApplicationFailure } from '@temporalio/common';
import { scaledMinutes, type PollPolicy } from './pollSchedule';

/**
 * What the follower knows about a job's liveness, carried in its heartbeat and handed from one
 * follow to the next, so "no progress since T" survives a warning and a new worker.
 */
export interface WatchClock {
  /** When the job's state or progress last changed (ms since the epoch). */
  lastProgressAt: number;
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
  /** Warn when a running job's progress has not moved for this long. */
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

/** What the watch needs from one observation: a label, whether it is running, its eta and a progress key. */
export interface WatchedState {
  label: string;
  running: boolean;
  /** Unix seconds. */
  eta?: number;
  /** Changes whenever the job moves (state, progress, machines done). */
  progressKey: string;
  progressText: string;
}

const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));
const clockTime = (ms: number) => new Date(ms).toISOString().slice(11, 16);

export function freshClock(now: number): WatchClock {
  return { lastProgressAt: now, lastAnswerAt: now, failuresSinceAnswer: 0 };
}

/** The clock after a successful status call: progress time moves only when the job moved. */
export function afterAnswer(
  clock: WatchClock,
  previousKey: string | undefined,
  state: WatchedState,
  now: number,
): WatchClock {
  return {
    lastProgressAt: previousKey !== undefined && previousKey === state.progressKey ? clock.lastProgressAt : now,
    lastAnswerAt: now,
    failuresSinceAnswer: 0,
  };
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
  if (state.eta !== undefined && state.eta > 0 && now - state.eta * 1000 >= t.overdueMs) {
    warnings.push({
      kind: 'overdue',
      text: `${state.label} is ${minutes(now - state.eta * 1000)} min past its eta, still ${state.progressText}`,
    });
  }
  const stillFor = now - clock.lastProgressAt;
  if (state.running && stillFor >= t.noProgressMs) {
    warnings.push({
      kind: 'no-progress',
      text: `${state.label}: no progress since ${clockTime(clock.lastProgressAt)} UTC (${minutes(stillFor)} min), still ${state.progressText}`,
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
      type: 'JobStuck',
      nonRetryable: true,
      message: `no answer from ${endpoint} for ${minutes(silentFor)} min (${clock.failuresSinceAnswer} failed calls)`,
    });
  }
  const stillFor = now - clock.lastProgressAt;
  if (state && stillFor >= t.stuckAfterMs) {
    return ApplicationFailure.create({
      type: 'JobStuck',
      nonRetryable: true,
      message: `${state.label} made no progress for ${minutes(stillFor)} min (still ${state.progressText})`,
    });
  }
  return undefined;
}
