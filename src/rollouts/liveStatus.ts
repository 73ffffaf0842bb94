import type { WorkflowExecutionDescription } from '@temporalio/client';
import type { JobSnapshot } from '../activities';
import type { RolloutStatus } from '../workflows/status';

/**
 * The workflow knows a job's state as of the last activity result; the follower's heartbeat
 * knows it as of the last poll. Merging the two here gives live progress without writing a
 * history event per poll.
 */
export function liveStatus(status: RolloutStatus, description: WorkflowExecutionDescription): RolloutStatus {
  for (const activity of description.raw.pendingActivities ?? []) {
    const payload = activity.heartbeatDetails?.payloads?.[0];
    if (!payload?.data) continue;
    const last = lastJob(decode(payload.data));
    if (!last) continue;
    return { ...status, job: last, jobstateid: last.jobstateid, jobstatename: last.jobstatename, jobprogress: last.jobprogress, jobeta: last.jobeta };
  }
  return status;
}

function decode(data: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(data).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** followJob heartbeats `{last: {job}}`; followInstalls heartbeats a map of installs (skipped). */
function lastJob(details: unknown): JobSnapshot | undefined {
  const last = (details as { last?: { job?: JobSnapshot } } | undefined)?.last;
  const job = last?.job;
  return job && typeof job.jobstateid === 'number' ? job : undefined;
}
