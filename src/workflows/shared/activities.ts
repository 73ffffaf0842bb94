import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type {
  FollowFleetInput,
  FollowFleetResult,
  FollowJobInput,
  FollowJobResult,
  FollowSwitchResult,
  DrainResult,
  RolloutActivities,
} from '../../activities';
import { TRANSIENT_RETRY } from '../../contract/transientRetry';

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
  retry: TRANSIENT_RETRY,
});

/**
 * The job followers (activities/pollOnce.ts): each attempt is one poll and says when the next is
 * due (`nextRetryDelay`), so between polls nothing runs and nothing is held. The timeouts bound one
 * poll only (a big fleet's first attempt also queues its installs, heartbeating per job); they are
 * not knobs, since a lost worker between polls costs nothing.
 */
const pollers = proxyActivities<RolloutActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** What the steps call to follow a job. */
export interface Followers {
  followJob: (input: FollowJobInput) => Promise<FollowJobResult>;
  followFleetInstalls: (input: FollowFleetInput) => Promise<FollowFleetResult>;
  followFleetSwitch: (input: {
    fleetId: string;
    profileId: number;
    startedAtMs: number;
  }) => Promise<FollowSwitchResult>;
  followAllocationDrain: (input: {
    accountServiceId: number;
    profileId: number;
    deadlineMs: number;
  }) => Promise<DrainResult>;
}

export const followers: Followers = pollers;

/** Reads of Temporal itself (which rollouts of an image run now, and what they made): short, retried. */
export const temporalReads = proxyActivities<RolloutActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
});

/**
 * Webhook delivery (notificationOutbox.ts): one activity per event that tries, with its own
 * backoff, for the event's hour. Temporal retries only an attempt lost with its worker (seen by
 * the heartbeat timeout); the cancel of an attempt is waited for, so a queue handed on (to the
 * next run, or to the `notifications` workflow) never races an attempt still posting.
 */
export const delivery = proxyActivities<RolloutActivities>({
  startToCloseTimeout: '2 hours',
  scheduleToCloseTimeout: '3 hours',
  heartbeatTimeout: '10 seconds',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/**
 * The wait for a freeze to move (freezeHold.ts, activities/freezeGate.ts): completed
 * asynchronously by a worker when it does, so a held workflow costs no slot and no history while
 * it waits. The timeout only bounds a wait whose worker was lost (the retry waits on another, and
 * sees an unfreeze at once): a minute, one server-side retry a minute per held workflow.
 */
export const freezeWaits = proxyActivities<RolloutActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/** Webhook notifications of a release replaying a 1.0.0 history (patch `notification-outbox`): retried a few times, never for long. */
export const notifications = proxyActivities<RolloutActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 5 },
});
