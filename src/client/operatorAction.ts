import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { operatorName } from '../rollouts/operatorName';
import type { ActionAccepted, ReasonArgs } from '../contract/rollout/messages';

/** An operator action the rollout refused in its current phase (nothing was changed). */
export class RolloutActionRefused extends Error {
  constructor(
    readonly action: string,
    readonly why: string,
  ) {
    super(`${action} refused: ${why}`);
    this.name = 'RolloutActionRefused';
  }
}

/** Every operator action of a rollout or a release: an update taking `{reason?, by?, ...}`. */
export type OperatorUpdate = UpdateDefinition<ActionAccepted, [ReasonArgs]>;

/**
 * Sends an operator action as an update (so a refusal is an answer, not a silent no-op); a
 * refusal becomes a RolloutActionRefused saying why.
 */
export async function sendOperatorAction(
  handle: WorkflowHandle,
  action: string,
  update: OperatorUpdate,
  args: ReasonArgs,
): Promise<ActionAccepted> {
  try {
    // Who acts: the caller's `by`, else this process's user@host.
    return await handle.executeUpdate(update, { args: [{ ...args, by: args.by ?? operatorName() }] });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError)
      throw new RolloutActionRefused(action, error.cause?.message ?? error.message);
    throw error;
  }
}
