/**
 * Jobs and their lazy state machine. A job stores its planned timeline; its state at any moment is
 * computed from the clock, so there are no timers and a persisted job simply carries on after a
 * restart (wall-clock based).
 */
export const JOB_KINDS = ['update', 'diff', 'version', 'install', 'uninstall'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const STATE_NAMES = {
  1: 'Created',
  2: 'Pending',
  3: 'Queued',
  4: 'Running',
  5: 'Completed',
  6: 'Failed',
  7: 'Squashed',
} as const;
export type JobStateId = keyof typeof STATE_NAMES;
export type Outcome = 5 | 6 | 7;

export function isTerminal(state: JobStateId): boolean {
  return state >= 5;
}

/** One attempt's plan, all times in ms since the epoch. */
export interface Timeline {
  startedAt: number;
  pendingAt: number;
  queuedAt: number;
  runningAt: number;
  endAt: number;
  /** Planned running time (for progress and eta; a failing attempt ends before it). */
  duration: number;
  outcome: Outcome;
  error: string | null;
  /** etaSkew fault at planning time: the eta reported is off by this fraction of the run. */
  etaSkew?: number;
}

/** Benchmark bookkeeping: where a job's status calls fell (see observe). */
export interface StatusCallCounts {
  /** Before the job ran (Created, Pending, Queued): such a call can only learn the eta. */
  queued: number;
  /** Running, before the end the eta announced: the job could not have been done yet. */
  early: number;
  /** Running, past the announced end (the eta was late). */
  overdue: number;
  /** Terminal: the call that learns the outcome (and any after it). */
  done: number;
}

interface JobBase {
  /** When a client first saw this job ended (see observe). */
  observedDoneAt?: number;
  statusCalls?: StatusCallCounts;
  id: number;
  asid: number;
  imageid: number;
  /** First creation; kept across diff retries (DESIGN 8). */
  createdAt: number;
  attempts: number;
  /** Failed attempts before the current one (jobfailed counts, DESIGN 5). */
  priorFailures: number;
  timeline: Timeline;
}

export interface FileEntry {
  size: number;
  md5: string;
}
export interface DiffChanges {
  added: Record<string, FileEntry>;
  modified: Record<string, FileEntry>;
  removed: Record<string, FileEntry>;
}

export interface UpdateJob extends JobBase {
  kind: 'update';
  machineid: number;
  desc: string;
  url: string;
}
export interface DiffJob extends JobBase {
  kind: 'diff';
  machineid: number;
  /** Planned result, revealed once the attempt completes. */
  changes: DiffChanges;
  acceptedBy: number | null;
  rejected: boolean;
}
export interface VersionJob extends JobBase {
  kind: 'version';
  diffid: number;
  restart: boolean;
  full: boolean;
  gameBuild: string | null;
  /** Unix seconds, or null for NOW(). */
  installAt: number | null;
  disable: { timeoutMinutes: number; percentage: number } | null;
  installsCreated: boolean;
  disableApplied: boolean;
}
export interface InstallJob extends JobBase {
  kind: 'install';
  versionid: number;
  machine: number;
  location: string;
  mirroring: boolean;
  mirror: string | null;
  restart: boolean;
  imagepath: string;
  installAt: number;
}
export interface UninstallJob extends JobBase {
  kind: 'uninstall';
  diffid: number;
  machineid: number;
}
export type Job = UpdateJob | DiffJob | VersionJob | InstallJob | UninstallJob;

export function jobState(job: Job, now: number): JobStateId {
  const t = job.timeline;
  if (now >= t.endAt) return t.outcome;
  if (now >= t.runningAt) return 4;
  if (now >= t.queuedAt) return 3;
  if (now >= t.pendingAt) return 2;
  return 1;
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

/** Whether the attempt reached Running (a job squashed or failed while waiting never started). */
function ran(t: Timeline): boolean {
  return t.runningAt < t.endAt || t.outcome === 5;
}

function progress(job: Job, state: JobStateId, now: number): number {
  const t = job.timeline;
  if (state === 5) return 100;
  if (state !== 4 && !(state === 6 && ran(t))) return 0;
  if (t.duration <= 0) return 0;
  const until = state === 4 ? now : t.endAt;
  return Math.max(0, Math.min(99, Math.floor(((until - t.runningAt) / t.duration) * 100)));
}

/** `real`: jobprogress rises with the run; `zero`: always 0 (what public deploy code reports of the real API). */
export type ProgressMode = 'real' | 'zero';

/** Switches of how job fields are reported (the simulator options of the same names). */
export interface FieldModes {
  /** DESIGN 3 switch: keep `success: true` on Failed jobs. */
  failedJobSuccess?: boolean;
  progress?: ProgressMode;
}

export interface JobFields {
  jobcreated: number;
  jobupdated: number;
  jobstateid: JobStateId;
  jobstatename: string;
  jobprogress: number;
  jobfailed: number;
  jobstart?: string;
  jobeta?: number;
  joberror?: string;
  success: boolean;
}

/** The common job fields (clanforge-api.md 2.1) with the DESIGN 3-6 choices. */
export function jobFields(job: Job, now: number, modes: FieldModes = {}): JobFields {
  const state = jobState(job, now);
  const t = job.timeline;
  const passed = [t.startedAt, t.pendingAt, t.queuedAt, t.runningAt, t.endAt].filter((at) => at <= now);
  const fields: JobFields = {
    jobcreated: seconds(job.createdAt),
    jobupdated: seconds(Math.max(job.createdAt, ...passed)),
    jobstateid: state,
    jobstatename: STATE_NAMES[state],
    jobprogress: modes.progress === 'zero' ? 0 : progress(job, state, now),
    jobfailed: job.priorFailures + (state === 6 ? 1 : 0),
    success: state !== 6 || (modes.failedJobSuccess ?? false),
  };
  if (state === 4 || (isTerminal(state) && ran(t))) {
    fields.jobstart = String(seconds(t.runningAt));
    fields.jobeta = seconds(state === 4 ? t.runningAt + t.duration * (1 + (t.etaSkew ?? 0)) : t.endAt);
  }
  if (state === 6) fields.joberror = t.error ?? 'job failed';
  return fields;
}

/** Ends a not-yet-terminal job now (admin fail/complete, squash, disable rule). */
export function forceTerminal(job: Job, now: number, outcome: Outcome, error: string | null): void {
  const t = job.timeline;
  const clamp = (at: number): number => Math.min(at, now);
  job.timeline = {
    ...t,
    pendingAt: clamp(t.pendingAt),
    queuedAt: clamp(t.queuedAt),
    runningAt: clamp(t.runningAt),
    endAt: now,
    outcome,
    error: outcome === 6 ? (error ?? 'job failed') : null,
  };
}

/** Moves a Created/Pending job to Queued now, keeping its planned queue wait and run length. */
export function queueNow(job: Job, now: number): void {
  const t = job.timeline;
  const wait = t.runningAt - t.queuedAt;
  const run = t.endAt - t.runningAt;
  const runningAt = now + wait;
  job.timeline = {
    ...t,
    pendingAt: Math.min(t.pendingAt, now),
    queuedAt: now,
    runningAt,
    endAt: runningAt + run,
  };
}

/**
 * Benchmark bookkeeping: the first moment a client asked about a job that had already ended,
 * so reaction lag (that moment minus the job's end) can be measured from /_sim/jobs.
 */
export function observe(job: Job, now: number): void {
  const state = jobState(job, now);
  if (job.observedDoneAt === undefined && isTerminal(state)) job.observedDoneAt = now;
  const calls = (job.statusCalls ??= { queued: 0, early: 0, overdue: 0, done: 0 });
  if (isTerminal(state)) calls.done++;
  else if (state < 4) calls.queued++;
  else if (now < job.timeline.runningAt + job.timeline.duration) calls.early++;
  else calls.overdue++;
}
