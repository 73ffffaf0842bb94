import { defineQuery } from '@temporalio/workflow';
import type { FleetKind } from '../cutover/input';

/**
 * The `rollback` workflow (product contract, "Live"): after a rollout completed with a cutover,
 * switches its fleet back to the profile that was live before it. Started by the client's
 * rollbackRollout for a closed rollout; one workflow per rollback, id rollbackWorkflowId().
 */
export interface RollbackInput {
  /** The completed rollout whose cutover is undone. */
  rolloutId: string;
  fleetId: string;
  fleetKind: FleetKind;
  /** The profile the rollout made live (switched away from). */
  fromProfileId: number;
  /** The rollout's previousProfileId: the profile to go back to. */
  profileId: number;
  /** When the rollout closed (ISO-8601): a cutover of the fleet completed later refuses this rollback. */
  rolloutClosedAt: string;
  /** The switch's Timeout (Go duration), as the rollout's cutover had it. */
  timeout: string;
  maxMachines?: number;
  reason?: string;
  /** Who asked (user@host). */
  by?: string;
}

export const ROLLBACK_PHASES = ['checking', 'switching', 'completed', 'refused', 'failed'] as const;
export type RollbackPhase = (typeof ROLLBACK_PHASES)[number];

/** The `status` query's answer and, once it ended, the result: counts and ids only. */
export interface RollbackStatus {
  phase: RollbackPhase;
  rolloutId: string;
  fleetId: string;
  fleetKind: FleetKind;
  /** The profile going (or gone) live again. */
  profileId: number;
  fromProfileId: number;
  serversPending: number;
  serversProcessed: number;
  trigger: 'operator';
  reason: string;
  by?: string;
  /** What happened last, in words. */
  detail: string;
  startedAt: string;
  finishedAt?: string;
}

export type RollbackResult = RollbackStatus;

export const rollbackStatusQuery = defineQuery<RollbackStatus>('status');

/** The failure type of a rollback refused because a later cutover of the fleet completed. */
export const ROLLBACK_REFUSED = 'RollbackRefused';
