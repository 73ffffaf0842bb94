import { CancellationScope, getExternalWorkflowHandle, log, workflowInfo } from '@temporalio/workflow';
import { rolloutPhaseSignal } from '../../contract/release/messages';
import { isFinalPhase, type Phase } from '../../contract/rollout/status';

const PROGRESS_LIMIT = 200;

/**
 * A rollout started by a release tells the release each phase it enters, so the release's
 * status and current details say where every image is without polling anyone: one signal per
 * phase change (a handful per rollout), never per poll. The final phase needs none: the
 * release receives the rollout's result. A release that is gone changes nothing here.
 */
export function reportPhaseToRelease(phase: Phase, progress: string): void {
  const parent = workflowInfo().parent;
  if (!parent || isFinalPhase(phase)) return;
  const report = {
    workflowId: workflowInfo().workflowId,
    runId: workflowInfo().runId,
    phase,
    progress: progress.slice(0, PROGRESS_LIMIT),
  };
  CancellationScope.nonCancellable(() =>
    getExternalWorkflowHandle(parent.workflowId).signal(rolloutPhaseSignal, report),
  ).catch((error: unknown) => {
    log.info('release did not take the phase report', { release: parent.workflowId, error: String(error) });
  });
}
