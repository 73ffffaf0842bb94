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
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 1 },
});

/** Short reads: retried by Temporal on transient errors; permanent ones are non-retryable. */
export const reads = proxyActivities<RolloutActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * The job followers: one long heartbeating activity per job. A lost worker is noticed within the
 * heartbeat timeout and the next attempt resumes from the last heartbeat.
 */
export const followers = proxyActivities<RolloutActivities>({
  startToCloseTimeout: '7 days',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
