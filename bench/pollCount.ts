// How many status calls the job follower makes for one job, against fixed-interval polling, by
// replaying the follower's schedule (src/activities/pollSchedule.ts) over a modelled job timeline.
// Usage: npx tsx bench/pollCount.ts [jobMinutes]
import { DEFAULT_POLL_POLICY, isOverdue, nextPollDelay, type PollObservation } from '../src/activities/pollSchedule';
import { JobState } from '../src/contract/jobStates';

interface ModelJob {
  /** ms from creation until Running (Created → Pending → Queued). */
  queuedMs: number;
  /** ms of Running. */
  runMs: number;
  /** Reported eta error: 0.5 means the eta claims 50 % more time than the job takes. */
  etaError: number;
}

function observe(job: ModelJob, t: number): PollObservation & { done: boolean } {
  if (t < job.queuedMs) return { jobstateid: JobState.Queued, jobprogress: 0, done: false };
  const ran = t - job.queuedMs;
  if (ran >= job.runMs) return { jobstateid: JobState.Completed, jobprogress: 100, done: true };
  const eta = (job.queuedMs + job.runMs * (1 + job.etaError)) / 1000;
  return {
    jobstateid: JobState.Running,
    jobprogress: Math.floor((100 * ran) / job.runMs),
    jobeta: eta,
    jobstart: job.queuedMs / 1000,
    done: false,
  };
}

/** Calls and lag (ms from the job finishing to the call that sees it) of the eta-driven follower. */
export function followerCalls(job: ModelJob): { calls: number; lagMs: number } {
  let t = 0;
  let calls = 0;
  let overdue = 0;
  for (;;) {
    calls++;
    const seen = observe(job, t);
    if (seen.done) return { calls, lagMs: t - (job.queuedMs + job.runMs) };
    const delay = nextPollDelay(DEFAULT_POLL_POLICY, seen, t, overdue);
    overdue = isOverdue(DEFAULT_POLL_POLICY, seen, t) ? overdue + 1 : 0;
    t += delay;
  }
}

export function fixedCalls(job: ModelJob, intervalMs: number): { calls: number; lagMs: number } {
  const end = job.queuedMs + job.runMs;
  const calls = Math.ceil(end / intervalMs) + 1;
  return { calls, lagMs: (calls - 1) * intervalMs - end };
}

if (require.main === module) {
  const minutes = Number(process.argv[2] ?? 30);
  const base = { queuedMs: 52_500, runMs: minutes * 60_000 };
  const rows = [
    ['follower, accurate eta', followerCalls({ ...base, etaError: 0 })],
    ['follower, eta +50 %', followerCalls({ ...base, etaError: 0.5 })],
    ['follower, eta -50 %', followerCalls({ ...base, etaError: -0.5 })],
    ['fixed 5 s poll', fixedCalls({ ...base, etaError: 0 }, 5_000)],
    ['fixed 30 s poll', fixedCalls({ ...base, etaError: 0 }, 30_000)],
  ] as const;
  console.log(`job: ${base.queuedMs / 1000} s queued + ${minutes} min running`);
  console.log('strategy'.padEnd(26), 'calls'.padStart(6), 'lag s'.padStart(7));
  for (const [name, r] of rows)
    console.log(name.padEnd(26), String(r.calls).padStart(6), (r.lagMs / 1000).toFixed(1).padStart(7));
}
