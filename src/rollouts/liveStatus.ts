import type { WorkflowExecutionDescription } from '@temporalio/client';
import { isFollowerHeartbeat } from '../contract/followerHeartbeat';
import type { InstallSummary } from '../contract/installs';
import type { JobSnapshot } from '../contract/jobs';
import type { RolloutStatus } from '../contract/rollout/status';

/** What a follower heartbeats (activities/follower.ts FollowProgress), as far as status cares. */
interface FollowerHeartbeat {
  /** A job's, a fleet's installs', or a profile switch's last answer (FleetSwitchStatus). */
  last?: { job?: JobSnapshot; summary?: InstallSummary; serversPending?: number; serversProcessed?: number };
  warnings?: string[];
}

/**
 * The workflow knows a job's state as of the last activity result; the follower's heartbeat
 * knows it as of the last poll. Merging the two here gives live progress (the job, the fleet's
 * counts, the warnings with their minutes up to date) without writing a history event per poll.
 */
export function liveStatus(status: RolloutStatus, description: WorkflowExecutionDescription): RolloutStatus {
  for (const activity of description.raw.pendingActivities ?? []) {
    const payload = activity.heartbeatDetails?.payloads?.[0];
    if (!payload?.data) continue;
    const beat = decode(payload.data);
    if (!isFollowerHeartbeat(beat)) continue;
    const live: RolloutStatus = { ...status };
    const job = beat.last?.job;
    if (job && typeof job.jobstateid === 'number') {
      Object.assign(live, {
        job,
        jobstateid: job.jobstateid,
        jobstatename: job.jobstatename,
        jobprogress: job.jobprogress,
        jobeta: job.jobeta,
      });
    }
    const summary = beat.last?.summary;
    if (summary && typeof summary.jobsSeen === 'number')
      Object.assign(live, { installs: summary, fleet: summary.fleet ?? status.fleet });
    const last = beat.last;
    if (status.cutover && typeof last?.serversPending === 'number' && typeof last.serversProcessed === 'number')
      live.cutover = {
        ...status.cutover,
        serversPending: last.serversPending,
        serversProcessed: last.serversProcessed,
      };
    if (Array.isArray(beat.warnings)) live.warnings = beat.warnings;
    return live;
  }
  return status;
}

function decode(data: Uint8Array): FollowerHeartbeat | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(data).toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as FollowerHeartbeat) : undefined;
  } catch {
    return undefined;
  }
}
