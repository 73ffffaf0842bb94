import { defaultPayloadConverter } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { rolloutInputSchema, type RolloutOptions } from '../contract/rollout/input';
import { inputQuery } from '../contract/rollout/messages';

/** A query no worker answers must not hold up a start for long: the start event answers too. */
const QUERY_DEADLINE_MS = 5_000;

/**
 * The input a running rollout was started with, parsed as the workflow parses it: from its
 * `input` query, or, for a rollout started before that query existed (or with no worker to
 * answer now), from the input of its WorkflowExecutionStarted event.
 */
export async function runningRolloutInput(
  client: Client,
  workflowId: string,
  runId: string,
): Promise<Partial<RolloutOptions>> {
  try {
    const answered = await client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
      client.workflow.getHandle(workflowId, runId).query(inputQuery),
    );
    if (answered) return answered;
  } catch {
    // No `input` handler in that run's code, or no worker answered: read the start event.
  }
  return parsedOrRaw(await startEventInput(client, workflowId, runId));
}

/** The first argument of the run, from the first history event only (one small page). */
async function startEventInput(client: Client, workflowId: string, runId: string): Promise<unknown> {
  const response = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId, runId },
    maximumPageSize: 1,
  });
  const payload = response.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  return payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
}

/** An input that does not parse is compared as it is (it differs from any valid one). */
function parsedOrRaw(raw: unknown): Partial<RolloutOptions> {
  const parsed = rolloutInputSchema().safeParse(raw);
  if (parsed.success) return parsed.data;
  return typeof raw === 'object' && raw !== null ? (raw as Partial<RolloutOptions>) : {};
}
