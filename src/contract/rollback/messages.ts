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
  /** The rollout's cutover fleet. */
  fleetId: string;
  /** reservation: switch the fleet back; allocation: announce the old profile live again. */
  fleetKind: FleetKind;
  /** The profile the rollout made live (switched away from). */
  fromProfileId: number;
  /** The rollout's previousProfileId: the profile to go back to. */
  profileId: number;
  /** When the rollout closed (ISO-8601): a cutover of the fleet completed later refuses this rollback. */
  rolloutClosedAt: string;
  /** The switch's Timeout (Go duration), as the rollout's cutover had it. */
  timeout: string;
  /** The switch's MaxMachines, as the rollout's cutover had it. */
  maxMachines?: number;
  /** Why (default "rollback by operator"). */
  reason?: string;
  /** Who asked (user@host). */
  by?: string;
}

export const ROLLBACK_PHASES = ['checking', 'frozen', 'switching', 'completed', 'refused', 'failed'] as const;
export type RollbackPhase = (typeof ROLLBACK_PHASES)[number];

/** The `status` query's answer and, once it ended, the result: counts and ids only. */
export interface RollbackStatus {
  /** checking (for a later cutover), switching, then completed; refused or failed end it too. */
  phase: RollbackPhase;
  /** The rollout rolled back. */
  rolloutId: string;
  fleetId: string;
  fleetKind: FleetKind;
  /** The profile going (or gone) live again. */
  profileId: number;
  /** The profile switched away from (the rollout's). */
  fromProfileId: number;
  /** Reservation: the switch's counts (servers still to restart, and restarted). */
  serversPending: number;
  serversProcessed: number;
  /** As clanforge_rollbacks_total counts it. */
  trigger: 'operator';
  reason: string;
  /** Who asked (user@host). */
  by?: string;
  /** What happened last, in words. */
  detail: string;
  startedAt: string;
  /** In the result only. */
  finishedAt?: string;
}

export type RollbackResult = RollbackStatus;

export const rollbackStatusQuery = defineQuery<RollbackStatus>('status');

/** The failure type of a rollback refused because a later cutover of the fleet completed. */
export const ROLLBACK_REFUSED = 'RollbackRefused';
