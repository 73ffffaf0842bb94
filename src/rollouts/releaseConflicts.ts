import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { RolloutPhase } from '../contract/searchAttributes';
import { defaultWorkflowId, type RolloutOptions } from '../contract/rollout/input';
import { runningRolloutInput } from './runningInput';
import { inputDifferences } from './startConflict';
import { describeConflicts, type RunningRollout } from '../contract/releaseConflictText';

/**
 * The rollouts of these images that are running now, each with how its input differs from the
 * one the release would start it with. Read with describe (one call per image, a few at a time)
 * and, for the running ones only, their `input` query.
 */
export async function runningRolloutsOf(
  client: Client,
  inputs: RolloutOptions[],
  concurrency = 8,
): Promise<RunningRollout[]> {
  const found: RunningRollout[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < inputs.length; index = next++) {
      const running = await runningRolloutOf(client, inputs[index] as RolloutOptions);
      if (running) found.push({ index, ...running });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, inputs.length) }, worker));
  return found.sort((a, b) => a.index - b.index);
}

/** The running rollout of this input's image, if any, and how its input differs. */
export async function runningRolloutOf(
  client: Client,
  input: RolloutOptions,
): Promise<Omit<RunningRollout, 'index'> | undefined> {
  const workflowId = defaultWorkflowId(input);
  let runId: string;
  let phase: string | undefined;
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    if (description.status.name !== 'RUNNING') return undefined;
    runId = description.runId;
    phase = description.typedSearchAttributes.get(RolloutPhase);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
  const differences = inputDifferences(await runningRolloutInput(client, workflowId, runId), input);
  return { workflowId, runId, phase, differences };
}

/** A release refused at start: rollouts of its images are running with other inputs (nothing was started). */
export class ReleaseConflict extends Error {
  constructor(
    readonly workflowId: string,
    readonly conflicts: RunningRollout[],
    message = `release ${workflowId} refused: ${describeConflicts(conflicts)}`,
  ) {
    super(message);
    this.name = 'ReleaseConflict';
  }
}
