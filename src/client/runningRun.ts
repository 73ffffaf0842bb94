import { WorkflowNotFoundError, type Client } from '@temporalio/client';

/** The run id of the workflow with this id when it is running; undefined when it is closed or unknown. */
export async function runningRunId(temporal: Client, workflowId: string): Promise<string | undefined> {
  try {
    const description = await temporal.workflow.getHandle(workflowId).describe();
    return description.status.name === 'RUNNING' ? description.runId : undefined;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}
