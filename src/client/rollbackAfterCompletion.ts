import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import type { RollbackInput } from '../contract/rollback/messages';
import { laterCutoverText, rollbackWorkflowId, ROLLBACK_WORKFLOW_TYPE } from '../contract/rollback/workflowId';
import type { RolloutResult } from '../contract/rollout/status';
import { fleetAttribute, laterSwitchOf, rollbacksOf } from '../rollouts/fleetHistory';
import { operatorName } from '../rollouts/operatorName';
import { runningRolloutInput } from '../rollouts/runningInput';
import type { rollback } from '../workflows/rollback/rollback';
import type { ClientContext } from './connection';
import { RolloutActionRefused } from './operatorAction';
import type { RollbackAccepted } from './types';

const refused = (why: string) => new RolloutActionRefused('rollback', why);

/**
 * `rollback` of a rollout that has closed: when it completed with a cutover, starts the
 * `rollback` workflow (id rollback-<fleetId>-<n>) that switches the fleet back to the profile
 * live before it, and answers its id. Refused, saying why, when the rollout did not complete a
 * cutover, when a later cutover of the fleet completed since (naming it), or when a rollback of
 * the fleet still runs. The workflow checks the later cutover again itself (a foreign start).
 */
export async function rollbackAfterCompletion(
  context: ClientContext,
  description: WorkflowExecutionDescription,
  args: { reason?: string; by?: string },
): Promise<RollbackAccepted> {
  const { temporal, taskQueue } = context;
  const { workflowId, runId } = description;
  if (description.status.name !== 'COMPLETED')
    throw refused(`rollout ${workflowId} ended ${description.status.name.toLowerCase()}: it made nothing live`);
  const result = (await temporal.workflow.getHandle(workflowId, runId).result()) as RolloutResult;
  const cutover = result.cutover;
  if (result.phase !== 'completed' || cutover?.state !== 'complete')
    throw refused(
      `rollout ${workflowId} ended ${result.phase}${cutover ? '' : ' without a cutover'}: nothing to roll back`,
    );
  if (cutover.previousProfileId === undefined)
    throw refused(`rollout ${workflowId}: no profile was live on fleet ${cutover.fleetId} before its cutover`);
  const closedAt = (description.closeTime ?? new Date()).toISOString();
  const later = await laterSwitchOf(temporal, { fleetId: cutover.fleetId, rolloutId: workflowId, closedAt });
  if (later !== undefined) throw refused(laterCutoverText(workflowId, cutover.fleetId, later));
  const rollbacks = await rollbacksOf(temporal, cutover.fleetId);
  if (rollbacks.running !== undefined)
    throw refused(`rollback ${rollbacks.running} of fleet ${cutover.fleetId} is still running: wait for it to end`);

  const input = await runningRolloutInput(temporal, workflowId, runId);
  const rollbackInput: RollbackInput = {
    rolloutId: workflowId,
    fleetId: cutover.fleetId,
    fleetKind: cutover.fleetKind,
    fromProfileId: cutover.profileId,
    profileId: cutover.previousProfileId,
    rolloutClosedAt: closedAt,
    timeout: input.cutover?.timeout ?? '15m',
    ...(input.cutover?.maxMachines !== undefined && { maxMachines: input.cutover.maxMachines }),
    ...(args.reason && { reason: args.reason }),
    by: args.by ?? operatorName(),
  };
  const id = rollbackWorkflowId(cutover.fleetId, rollbacks.count);
  try {
    const handle = await temporal.workflow.start<typeof rollback>(ROLLBACK_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: id,
      args: [rollbackInput],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
      typedSearchAttributes: [fleetAttribute(cutover.fleetId)],
      staticSummary: `rollback of ${workflowId}: fleet ${cutover.fleetId} back to profile ${cutover.previousProfileId}`,
    });
    return { accepted: true, phase: result.phase, rollbackWorkflowId: id, rollbackRunId: handle.firstExecutionRunId };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError)
      throw refused(
        `rollback ${id} of fleet ${cutover.fleetId} already exists (started by another client): see its status`,
      );
    throw error;
  }
}
