import { condition, ParentClosePolicy, setWorkflowOptions, startChild, workflowInfo } from '@temporalio/workflow';
import type { QueuedEvent } from '../../contract/webhookEvents';
import { NotificationOutbox } from './notificationOutbox';

/** How long an ending workflow waits for its queue to drain before it hands the rest on. */
const DRAIN_GRACE = '10 seconds';

/**
 * The `notifications` workflow: delivers the events a rollout or release had not delivered
 * when it ended, so its result comes back at once even while the receiver is down. Each event
 * keeps its hour from when it was first queued.
 */
export async function notifications(pending: QueuedEvent[]): Promise<void> {
  const outbox = new NotificationOutbox(pending);
  await condition(() => outbox.idle);
}

// One queue's worth of deliveries: it ends on the build that started it.
setWorkflowOptions({ versioningBehavior: 'PINNED' }, notifications);

/**
 * The end of a workflow: a queue that drains within DRAIN_GRACE (the receiver is up) costs no
 * more; else what is left goes to a `notifications` workflow that outlives this one
 * (`<workflowId>-notifications-<runId>`), so no event is dropped by the end.
 */
export async function finishNotifications(outbox: NotificationOutbox): Promise<void> {
  if (outbox.idle || (await condition(() => outbox.idle, DRAIN_GRACE))) return;
  const pending = await outbox.stop();
  if (pending.length === 0) return;
  const { workflowId, runId } = workflowInfo();
  await startChild(notifications, {
    workflowId: `${workflowId}-notifications-${runId}`,
    args: [pending],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
}
