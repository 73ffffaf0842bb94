import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { RolloutOptions } from './input';
import type { RolloutStatus } from './status';

/**
 * Everything a caller can send a rollout, defined once and shared by the workflow, the client
 * library and the CLI. Signals are fire-and-forget (the Web UI and `temporal workflow signal`
 * send them); each has an update twin for callers that want an answer: the update's validator
 * rejects what makes no sense in the current phase, so nothing is written to history for it.
 */
/** Every message takes a `{reason?}` object (absent is fine too); only cancel and reject use the reason. */
export interface ReasonArgs {
  reason?: string;
  /**
   * `retry` only: create the image version with force=1, for exactly the refusal "active
   * allocations exist … send force=1" (an operator's call, not the input's).
   */
  force?: boolean;
  /**
   * Who sends it ("alice@build-01"): the CLI and client library fill it with user@host. Recorded
   * in the timeline, the result and webhook events; an action without it (the Web UI) is recorded
   * as by an unnamed operator.
   */
  by?: string;
  /** `unlock` only: reject the foreign diff with reinstall=1 (restore its reference machine). */
  reinstall?: boolean;
}

export const cancelSignal = defineSignal<[ReasonArgs]>('cancel');
export const retrySignal = defineSignal<[ReasonArgs]>('retry');
export const approveSignal = defineSignal<[ReasonArgs]>('approve');
export const rejectSignal = defineSignal<[ReasonArgs]>('reject');
export const proceedNowSignal = defineSignal<[ReasonArgs]>('proceedNow');
/** Rejects the diff that locks the image when this rollout did not make it and no running rollout did (`{ reinstall? }`). */
export const unlockSignal = defineSignal<[ReasonArgs]>('unlock');

/** During cutting-over or baking (or paused there, unhealthy): switch the fleet back to the profile live before (`{ reason?, by? }`). */
export const rollbackSignal = defineSignal<[ReasonArgs]>('rollback');

export const statusQuery = defineQuery<RolloutStatus>('status');
/** The input the rollout runs with, parsed (defaults filled); null when it was invalid. */
export const inputQuery = defineQuery<RolloutOptions | null>('input');

/** What an accepted update answers: the phase the rollout was in when it took the action. */
export interface ActionAccepted {
  accepted: true;
  phase: string;
}

export const cancelUpdate = defineUpdate<ActionAccepted, [ReasonArgs]>('cancel');
export const retryUpdate = defineUpdate<ActionAccepted, [ReasonArgs]>('retry');
export const approveUpdate = defineUpdate<ActionAccepted, [ReasonArgs]>('approve');
export const rejectUpdate = defineUpdate<ActionAccepted, [ReasonArgs]>('reject');
export const proceedNowUpdate = defineUpdate<ActionAccepted, [ReasonArgs]>('proceedNow');
export const unlockUpdate = defineUpdate<ActionAccepted, [ReasonArgs]>('unlock');
export const rollbackUpdate = defineUpdate<ActionAccepted, [ReasonArgs]>('rollback');

export type OperatorAction = 'cancel' | 'retry' | 'approve' | 'reject' | 'proceedNow' | 'unlock' | 'rollback';
