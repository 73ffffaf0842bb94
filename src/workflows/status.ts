import type { DiffSummary, JobSnapshot } from '../activities';

export const PHASES = [
  'updating',
  'diffing',
  'awaiting-operator',
  'awaiting-approval',
  'scheduled',
  'versioning',
  'installing',
  'completed',
  'failed',
  'cancelled',
  'rejected',
] as const;
export type Phase = (typeof PHASES)[number];

export const FINAL_PHASES: readonly Phase[] = ['completed', 'failed', 'cancelled', 'rejected'];

export function isFinalPhase(phase: string): boolean {
  return (FINAL_PHASES as readonly string[]).includes(phase);
}

export type Step = 'update' | 'diff' | 'approval' | 'schedule' | 'version' | 'install' | 'cleanup';

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

export interface InstallRecord {
  jobId: number;
  machine?: number;
  location?: string;
  mirroring: boolean;
  mirror?: string;
  outcome: 'pending' | 'completed' | 'failed' | 'squashed';
  jobstateid?: number;
  joberror?: string;
  versionMirrorId?: number;
  machineJobId?: number;
  installsSquashed?: number;
  queued: number;
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
  uninstallJobId?: number;
  installJobIds: number[];
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
  attempts: Partial<Record<Step, number>>;
  lastError: string | null;
  awaiting: Awaiting | null;
  installs: InstallRecord[];
  cancelReason?: string;
  timeline: TimelineEntry[];
}

/** The workflow's result: ids of everything created, attempts and times, install outcomes. */
export interface RolloutResult {
  phase: Extract<Phase, 'completed' | 'failed' | 'cancelled' | 'rejected'>;
  reason?: string;
  updateId?: number;
  diffId?: number;
  imageVersionId?: number;
  uninstallJobId?: number;
  installJobIds: number[];
  created: CreatedIds;
  attempts: Partial<Record<Step, number>>;
  installs: InstallRecord[];
  failedInstalls: InstallRecord[];
  startedAt: string;
  finishedAt: string;
  timeline: TimelineEntry[];
}
