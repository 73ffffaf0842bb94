import type { Phase } from '../contract/rollout/status';
import type { ReleasePhase } from '../contract/release/status';

export interface StartedRollout {
  workflowId: string;
  runId: string;
  /** False when a rollout with this id was already running, with the same input, and we attached to it. */
  started: boolean;
}

export interface RolloutSummary {
  workflowId: string;
  runId: string;
  status: string;
  phase?: string;
  accountServiceId?: number;
  imageId?: number;
  gameBuild?: string;
  startTime: Date;
  closeTime?: Date;
}

export interface StartedRelease {
  workflowId: string;
  runId: string;
  /** False when this release was already running with the same input, and we attached to it. */
  started: boolean;
  /** Rollouts of its images already running with the same input: the release adopts them. */
  adopted: string[];
}

export interface ReleaseSummary {
  workflowId: string;
  releaseId?: string;
  status: string;
  phase?: string;
  gameBuild?: string;
  startTime: Date;
  closeTime?: Date;
}

/** Who sends an operator action (default: user@host of this process). */
export interface ActorOptions {
  by?: string;
}

export interface ListFilter {
  phase?: Phase;
  accountServiceId?: number;
  imageId?: number;
  gameBuild?: string;
  limit?: number;
}

export interface ReleaseFilter {
  phase?: ReleasePhase;
  limit?: number;
}

export interface StartOptions {
  workflowId?: string;
}

export interface WatchOptions {
  intervalMs?: number;
}

/** Which page of a rollout's install jobs to read. */
export interface InstallsPageRequest {
  failedOnly?: boolean;
  offset?: number;
  limit?: number;
}

/**
 * What rollbackRollout answers: ActionAccepted (a running rollout took the `rollback` update),
 * and, for a rollout that had completed its cutover, the `rollback` workflow it started.
 */
export interface RollbackAccepted {
  accepted: true;
  /** The rollout's phase when it took the action (`completed` for a rollback after completion). */
  phase: string;
  /** Set when a `rollback` workflow was started (the rollout had completed): its id, rollback-<fleetId>-<n>. */
  rollbackWorkflowId?: string;
  rollbackRunId?: string;
}
