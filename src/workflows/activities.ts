import { proxyActivities } from '@temporalio/workflow';
import type { RolloutActivities } from '../activities';

/**
 * Activity stubs with their policies in view.
 *
 * Creates (and other calls that change Clanforge state) run once per attempt the workflow
 * intends: no Temporal retry, because a retried create whose first response was lost would make a
 * second job. The workflow handles their failures itself (see createOnce.ts).
 */
export const writes = proxyActivities<RolloutActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 1 },
});

/**
 * Short reads, and writes that are safe to repeat (queueing an install that is already queued
 * changes nothing): retried by Temporal on transient errors; permanent ones are non-retryable.
 */
export const reads = proxyActivities<RolloutActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * The job followers: one long heartbeating activity per job. A lost worker is noticed within the
 * heartbeat timeout (the input's `followerHeartbeatSeconds`) and the next attempt, on any worker,
 * resumes from the last heartbeat.
 */
export function followersWith(heartbeatSeconds: number) {
  return proxyActivities<RolloutActivities>({
    startToCloseTimeout: '7 days',
    heartbeatTimeout: heartbeatSeconds * 1000,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
}
export type Followers = ReturnType<typeof followersWith>;

/** Webhook notifications: retried a few times, never for long; the rollout never waits on them. */
export const notifications = proxyActivities<RolloutActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 5 },
});
