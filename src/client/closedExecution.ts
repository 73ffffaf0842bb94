import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import type { temporal as proto } from '@temporalio/proto';
import type { ClosedExecution } from '../contract/rollout/status';

/** What every status read shares: the phase the workflow reported, and what it waits for. */
interface ReadStatus {
  phase: string;
  awaiting: unknown;
  closed?: ClosedExecution;
}

/**
 * The one place a read learns that Temporal closed a workflow before it ended itself (terminated,
 * timed out, failed by a bug): the status query of a closed run still answers with the last
 * phase, so without this a status would offer actions nobody can take and a watch would never
 * end. A workflow that reached its own final phase says how it ended itself: it is left as is.
 */
export async function withClosedExecution<S extends ReadStatus>(
  temporal: Client,
  status: S,
  description: WorkflowExecutionDescription,
  isFinal: (phase: string) => boolean,
): Promise<S> {
  const name = description.status.name;
  if (name === 'RUNNING' || isFinal(status.phase)) return status;
  const reason = await closeReason(temporal, description);
  const closed: ClosedExecution = { status: closedStatus(name), ...(reason ? { reason } : {}) };
  return { ...status, awaiting: null, closed };
}

/** True when Temporal closed the workflow before it ended itself (the status says how). */
export function isClosed(status: { closed?: ClosedExecution }): boolean {
  return status.closed !== undefined;
}

function closedStatus(name: WorkflowExecutionDescription['status']['name']): ClosedExecution['status'] {
  switch (name) {
    case 'TERMINATED':
    case 'TIMED_OUT':
    case 'CANCELLED':
    case 'FAILED':
    case 'CONTINUED_AS_NEW':
    case 'COMPLETED':
      return name;
    default:
      return 'UNKNOWN';
  }
}

/** Why it closed, from the run's last history event (one event read, never the whole history). */
async function closeReason(temporal: Client, description: WorkflowExecutionDescription): Promise<string | undefined> {
  try {
    const page = await temporal.workflowService.getWorkflowExecutionHistoryReverse({
      namespace: temporal.options.namespace,
      execution: { workflowId: description.workflowId, runId: description.runId },
      maximumPageSize: 1,
    });
    return reasonOf(page.history?.events?.[0]);
  } catch {
    // The status stands without a reason (a key that may not read history).
    return undefined;
  }
}

function reasonOf(event: proto.api.history.v1.IHistoryEvent | undefined): string | undefined {
  const text =
    event?.workflowExecutionTerminatedEventAttributes?.reason ??
    event?.workflowExecutionFailedEventAttributes?.failure?.message ??
    undefined;
  return text ? text.slice(0, 500) : undefined;
}
