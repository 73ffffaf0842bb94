import type { FleetCounts, InstallSummary } from '../installs';
import type { DiffSummary, JobSnapshot } from '../jobs';
import type { CutoverStatus } from '../cutover/status';
import type { FreezeRecord } from '../freeze/state';

export const PHASES = [
  'updating',
  'diffing',
  'awaiting-operator',
  'awaiting-approval',
  'scheduled',
  'frozen',
  'versioning',
  'installing',
  'cutting-over',
  'baking',
  'completed',
  'failed',
  'cancelled',
  'rejected',
  'rolled-back',
] as const;
export type Phase = (typeof PHASES)[number];

export const FINAL_PHASES: readonly Phase[] = ['completed', 'failed', 'cancelled', 'rejected', 'rolled-back'];

export function isFinalPhase(phase: string): boolean {
  return (FINAL_PHASES as readonly string[]).includes(phase);
}

export type Step = 'update' | 'diff' | 'approval' | 'schedule' | 'version' | 'install' | 'cutover' | 'bake' | 'cleanup';

/** What the rollout waits for from a person, in words, with the actions that move it on. */
export interface Awaiting {
  reason: string;
  actions: string[];
  since: string;
}

export interface TimelineEntry {
  at: string;
  step: Step | 'rollout';
  event: string;
}

/**
 * How Temporal closed an execution that never reached its own end (terminated, timed out...),
 * as its describe says: the status it shows then keeps the last phase the workflow reported.
 */
export interface ClosedExecution {
  status: 'TERMINATED' | 'TIMED_OUT' | 'CANCELLED' | 'FAILED' | 'CONTINUED_AS_NEW' | 'COMPLETED' | 'UNKNOWN';
  /** Why, where Temporal records it (the terminate reason, the failure's message). */
  reason?: string;
}

/** An operator action the rollout took, and who sent it. */
export interface OperatorActionRecord {
  action: string;
  /** user@host as the CLI or client library sent it; absent for an unnamed operator (the Web UI). */
  by?: string;
  at: string;
  reason?: string;
}

export interface CreatedIds {
  updateIds: number[];
  diffIds: number[];
  imageVersionIds: number[];
  uninstallJobIds: number[];
}

/** The `status` query's answer (product contract). */
export interface RolloutStatus {
  phase: Phase;
  step: Step | null;
  accountServiceId: number;
  imageId: number;
  machineId: number;
  gameBuild?: string;
  updateId?: number;
  diffId?: number;
  /** True once this rollout rejected its diff (approval reject or cleanup). */
  diffRejected?: boolean;
  imageVersionId?: number;
  /** Whether the version was made full, and why (input full, an empty diff, fullEvery). */
  fullImage?: { full: boolean; why: string };
  uninstallJobId?: number;
  /** Every Clanforge job this rollout created, in order (retries and new attempts included). */
  created: CreatedIds;
  /** The job the rollout is following or last followed (as of the last activity result). */
  job: JobSnapshot | null;
  jobstateid?: number;
  jobstatename?: string;
  jobprogress?: number;
  jobeta?: number;
  diff?: DiffSummary;
  installAt?: string;
  /** While `scheduled` outside its deployment windows: when the next one opens (ISO-8601) and which it is. */
  window?: { opensAt: string; window: string; waitsFor: 'version' | 'cutover' };
  /** While `frozen`: the freeze that holds it (readers say "frozen by alice@ops-1 12 min ago: incident 4711"). */
  frozen?: FreezeRecord;
  /** While scheduled, read through the client or CLI: "version in 1 h 23 min" (worked out at read time). */
  countdown?: string;
  attempts: Partial<Record<Step, number>>;
  lastError: string | null;
  /** What is wrong now, in plain sentences (a job past its eta, no progress, the API silent); empty when all is well (absent only from a rollout of a build before 1.1.0). */
  warnings?: string[];
  awaiting: Awaiting | null;
  /** The version's installs in counts (never a per-machine list: see `clanforge-rollout installs`). */
  installs: InstallSummary | null;
  /** v2 image status: machines pending, failed and completed across the fleet. */
  fleet?: FleetCounts;
  /** Going live (input cutover): the switch's counts, the bake's health, a rollback. */
  cutover?: CutoverStatus;
  cancelReason?: string;
  /** Why the rollout was rejected or cancelled, in the operator's words. */
  reason?: string;
  /** The operator actions it took, oldest first (the last 50), with who sent them. */
  actions?: OperatorActionRecord[];
  timeline: TimelineEntry[];
  /** Set when Temporal closed the rollout before it ended itself; `awaiting` is then null (no action is taken). */
  closed?: ClosedExecution;
}

/** The workflow's result: ids of everything created, attempts and times, install outcomes. */
export interface RolloutResult {
  phase: Extract<Phase, 'completed' | 'failed' | 'cancelled' | 'rejected' | 'rolled-back'>;
  reason?: string;
  updateId?: number;
  diffId?: number;
  imageVersionId?: number;
  fullImage?: { full: boolean; why: string };
  uninstallJobId?: number;
  created: CreatedIds;
  attempts: Partial<Record<Step, number>>;
  installs: InstallSummary | null;
  fleet?: FleetCounts;
  cutover?: CutoverStatus;
  /** The operator actions it took, with who sent them. */
  actions?: OperatorActionRecord[];
  startedAt: string;
  finishedAt: string;
  timeline: TimelineEntry[];
}
