import { JobState } from '../contract/jobStates';

/**
 * When to ask about a job again. Clanforge reports `jobeta`, so instead of a fixed interval the
 * next poll is due at the eta (bounded by a ceiling, in case the eta moves or the job fails
 * early), then polls on a tight, slowly widening cadence once the eta has passed.
 */
export interface PollPolicy {
  /** Never poll more often than this. */
  minDelayMs: number;
  /** Never sleep longer than this, even when the eta is far off: bounds how late an early failure or a stalled job is seen. */
  maxDelayMs: number;
  /** Cadence while the job has no eta yet (Created, Pending, Queued). */
  noEtaDelayMs: number;
  /** First delay once the eta has passed; grows ×1.5 per overdue poll up to maxOverdueDelayMs. */
  overdueDelayMs: number;
  /** Ceiling of the overdue cadence: an overdue job is about to finish, so keep looking. */
  maxOverdueDelayMs: number;
  /** Poll this long after the eta, so the job has had a moment to flip to Completed. */
  etaMarginMs: number;
  /** Warn when a job is this far past its eta (stuckWatch.ts). */
  warnOverdueMs: number;
  /** Warn when a running job's progress has not moved for this long. */
  warnNoProgressMs: number;
  /** Warn when the API has not answered for this long. */
  warnSilentMs: number;
  /** How much faster than real time this policy runs (CLANFORGE_POLL_SCALE); input minutes are divided by it. */
  timeScale: number;
}

export const DEFAULT_POLL_POLICY: PollPolicy = {
  minDelayMs: 2_000,
  maxDelayMs: 20 * 60_000,
  noEtaDelayMs: 30_000,
  overdueDelayMs: 3_000,
  maxOverdueDelayMs: 30_000,
  etaMarginMs: 1_000,
  warnOverdueMs: 15 * 60_000,
  warnNoProgressMs: 30 * 60_000,
  warnSilentMs: 5 * 60_000,
  timeScale: 1,
};

/** Input minutes (e.g. stuckAfterMinutes) in this policy's time: divided by its scale. */
export function scaledMinutes(policy: PollPolicy, minutes: number): number {
  return (minutes * 60_000) / policy.timeScale;
}

export function resolvePolicy(overrides: Partial<PollPolicy> = {}): PollPolicy {
  const policy = { ...DEFAULT_POLL_POLICY, ...overrides };
  for (const [key, value] of Object.entries(policy)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`poll policy ${key} must be a non-negative number`);
  }
  if (policy.timeScale <= 0) throw new RangeError('poll policy timeScale must be positive');
  if (policy.minDelayMs > policy.maxDelayMs) throw new RangeError('poll policy minDelayMs must not exceed maxDelayMs');
  return policy;
}

export interface PollObservation {
  jobstateid: number;
  jobprogress: number;
  /** Unix seconds. */
  jobeta?: number;
  /** Unix seconds. */
  jobstart?: number;
  /** The expected end in ms, where the follower computed one itself (a fleet, a switch): used instead of `jobeta`. */
  finishMs?: number;
  /** For a job not running yet: when to look again, learned from the jobs before it (jobTimes.ts); else noEtaDelayMs. */
  notRunningLookMs?: number;
}

/**
 * Expected finish time in ms, from two predictions: the reported `jobeta`, and the time the
 * job's progress so far extrapolates to (running jobs with a `jobstart`). While the eta is ahead
 * the earlier of the two wins (a job running faster than its eta is seen sooner); once the eta
 * has passed only the extrapolation is left (a job running slower is not polled blindly).
 */
/** The unit of Clanforge's timestamps. */
const ETA_RESOLUTION_MS = 1000;

export function expectedFinishMs(job: PollObservation, nowMs: number): number | undefined {
  if (job.finishMs !== undefined) return job.finishMs;
  // jobeta is whole seconds: the job is due by the end of that second, not its start.
  const fromEta = job.jobeta !== undefined && job.jobeta > 0 ? job.jobeta * 1000 + ETA_RESOLUTION_MS : undefined;
  const fromProgress = extrapolateFinishMs(job, nowMs);
  if (fromEta === undefined) return fromProgress;
  if (fromProgress === undefined) return fromEta;
  return fromEta > nowMs ? Math.min(fromEta, fromProgress) : fromProgress;
}

function extrapolateFinishMs(job: PollObservation, nowMs: number): number | undefined {
  if (job.jobstateid !== JobState.Running || job.jobstart === undefined) return undefined;
  if (job.jobprogress <= 0 || job.jobprogress >= 100) return undefined;
  const elapsed = nowMs - job.jobstart * 1000;
  return elapsed > 0 ? nowMs + (elapsed * (100 - job.jobprogress)) / job.jobprogress : undefined;
}

/**
 * Delay before the next poll. `overduePolls` counts the earlier consecutive polls that found the
 * job unfinished past its eta; it widens the overdue cadence and is reset by the caller when the
 * eta moves into the future again.
 */
export function nextPollDelay(policy: PollPolicy, job: PollObservation, nowMs: number, overduePolls: number): number {
  const clamp = (ms: number) => Math.round(Math.min(policy.maxDelayMs, Math.max(policy.minDelayMs, ms)));
  const finish = expectedFinishMs(job, nowMs);
  if (finish === undefined) return clamp(job.notRunningLookMs ?? policy.noEtaDelayMs);
  const untilFinish = finish + policy.etaMarginMs - nowMs;
  // Progress says the job runs faster than its eta, but from less than half the work: a young
  // extrapolation can be far off either way, so look again halfway to it, when it is better.
  if (untilFinish > 0 && runsAheadOfEta(job, finish, nowMs) && job.jobprogress < 50) return clamp(untilFinish / 2);
  if (untilFinish > 0) return clamp(untilFinish);
  return clamp(Math.min(policy.maxOverdueDelayMs, policy.overdueDelayMs * 1.5 ** overduePolls));
}

/** The progress extrapolation, not the eta, set the finish, and it is well before the eta (a tenth of the wait or more). */
function runsAheadOfEta(job: PollObservation, finish: number, nowMs: number): boolean {
  if (job.jobeta === undefined || job.jobeta <= 0) return false;
  const eta = job.jobeta * 1000 + ETA_RESOLUTION_MS;
  return eta > nowMs && eta - finish > 0.1 * (eta - nowMs);
}

/** True when the job should have finished by now (its eta, plus margin, has passed). */
export function isOverdue(policy: PollPolicy, job: PollObservation, nowMs: number): boolean {
  const finish = expectedFinishMs(job, nowMs);
  return finish !== undefined && finish + policy.etaMarginMs <= nowMs;
}

/** Backoff for transient errors while following: 1 s, 2 s, 4 s … capped at twice the overdue cadence's ceiling (an API back from an outage is seen within a minute). */
export function errorBackoff(policy: PollPolicy, consecutiveErrors: number, retryAfterMs?: number): number {
  const backoff = Math.min(
    policy.maxDelayMs,
    2 * policy.maxOverdueDelayMs,
    1_000 * 2 ** Math.max(0, consecutiveErrors - 1),
  );
  return Math.max(backoff, retryAfterMs ?? 0);
}

/**
 * The worker's default policy: DEFAULT_POLL_POLICY with every delay divided by
 * CLANFORGE_POLL_SCALE (default 1), for a simulator run with `--speed` (set both to the same N).
 * The heartbeat cadence is not scaled: it bounds how fast a cancel arrives, not how often we poll.
 */
export function pollPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): PollPolicy {
  const raw = env.CLANFORGE_POLL_SCALE?.trim();
  const scale = raw ? Number(raw) : 1;
  if (!Number.isFinite(scale) || scale <= 0)
    throw new RangeError(`CLANFORGE_POLL_SCALE must be a positive number, got "${raw}"`);
  return scalePolicy(DEFAULT_POLL_POLICY, scale);
}

export function scalePolicy(policy: PollPolicy, scale: number): PollPolicy {
  const scaled = { ...policy, timeScale: policy.timeScale * scale };
  for (const key of Object.keys(policy) as (keyof PollPolicy)[]) {
    if (key !== 'timeScale') scaled[key] = Math.max(1, Math.round(policy[key] / scale));
  }
  return scaled;
}
