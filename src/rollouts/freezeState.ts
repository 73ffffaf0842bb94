import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { FREEZE_MEMO_KEY, FREEZE_WORKFLOW_ID, NOT_FROZEN, type FreezeState } from '../contract/freeze/state';

/**
 * The freeze as the freeze workflow last published it (its memo, read by describe: no worker
 * needed). Never started: not frozen. A freeze workflow that was ended (terminated, say) holds
 * nothing any more: its last state is returned unfrozen, one revision on, so held work goes on.
 */
export async function readFreezeState(client: Client): Promise<FreezeState> {
  try {
    const description = await client.workflow.getHandle(FREEZE_WORKFLOW_ID).describe();
    const state = (description.memo?.[FREEZE_MEMO_KEY] as FreezeState | undefined) ?? NOT_FROZEN;
    if (description.status.name === 'RUNNING' || !state.frozen) return state;
    return { frozen: false, revision: state.revision + 1, ...(state.lifted && { lifted: state.lifted }) };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return NOT_FROZEN;
    throw error;
  }
}
