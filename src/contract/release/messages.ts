import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ReasonArgs, ActionAccepted } from '../rollout/messages';
import type { ReleaseOptions } from './input';
import type { ReleaseStatus } from './status';

/**
 * What a caller can send a release, shared by the workflow, the client library and the CLI.
 * As for a rollout, each signal (Web UI, `temporal workflow signal`) has an update twin whose
 * validator refuses what makes no sense in the current phase.
 */
export const promoteSignal = defineSignal<[ReasonArgs]>('promote');
export const retrySignal = defineSignal<[ReasonArgs]>('retry');
export const cancelSignal = defineSignal<[ReasonArgs]>('cancel');

export const promoteUpdate = defineUpdate<ActionAccepted, [ReasonArgs]>('promote');
export const retryUpdate = defineUpdate<ActionAccepted, [ReasonArgs]>('retry');
export const cancelUpdate = defineUpdate<ActionAccepted, [ReasonArgs]>('cancel');

export type ReleaseAction = 'promote' | 'retry' | 'cancel';

export const releaseStatusQuery = defineQuery<ReleaseStatus>('status');
/** The input the release runs with, parsed; null when it was invalid. */
export const releaseInputQuery = defineQuery<ReleaseOptions | null>('input');

/** A rollout started by a release tells it each phase it enters (not the final one: the release gets its result). */
export interface RolloutPhaseReport {
  workflowId: string;
  runId: string;
  phase: string;
  progress: string;
}
export const rolloutPhaseSignal = defineSignal<[RolloutPhaseReport]>('rolloutPhase');
