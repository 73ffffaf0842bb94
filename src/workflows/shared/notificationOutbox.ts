import { CancellationScope, condition, isCancellation, log, proxySinks } from '@temporalio/workflow';
import type { RolloutMetricsSinks } from '../../contract/metricsSinks';
import { NOTIFICATION_QUEUE_LIMIT, type QueuedEvent, type WebhookEvent } from '../../contract/webhookEvents';
import { delivery } from './activities';

const { rolloutMetrics } = proxySinks<RolloutMetricsSinks>();

/**
 * The one place a workflow's webhook events go out: a queue in workflow state, delivered one
 * event at a time in order (at least once), beside the workflow's own steps, which never wait
 * for it. At most NOTIFICATION_QUEUE_LIMIT events wait; past that the oldest is dropped.
 */
export class NotificationOutbox {
  private readonly queue: QueuedEvent[];
  private delivering = false;
  private stopping = false;
  private attempt?: CancellationScope;

  constructor(carried: QueuedEvent[] = []) {
    this.queue = carried.slice(-NOTIFICATION_QUEUE_LIMIT);
    if (this.queue.length > 0) void this.deliver();
  }

  /** Nothing waits and nothing is being delivered. */
  get idle(): boolean {
    return !this.delivering && this.queue.length === 0;
  }

  post(event: WebhookEvent): void {
    if (this.queue.length >= NOTIFICATION_QUEUE_LIMIT) {
      // The head may be in delivery: drop the oldest one that waits behind it.
      const [dropped] = this.queue.splice(this.delivering ? 1 : 0, 1);
      log.error('webhook event dropped: delivery queue full', {
        event: dropped?.event,
        limit: NOTIFICATION_QUEUE_LIMIT,
      });
      rolloutMetrics.notificationDropped();
    }
    this.queue.push({ event, queuedAt: Date.now() });
    if (!this.delivering && !this.stopping) void this.deliver();
  }

  /**
   * Stops delivering and returns what is not known to be delivered (the event in delivery
   * first, so it may arrive twice), to be handed on: to the next run or the `notifications` workflow.
   */
  async stop(): Promise<QueuedEvent[]> {
    this.stopping = true;
    this.attempt?.cancel();
    await condition(() => !this.delivering);
    return this.queue.splice(0);
  }

  private async deliver(): Promise<void> {
    this.delivering = true;
    try {
      while (this.queue.length > 0 && !this.stopping) {
        const next = this.queue[0]!;
        try {
          // Shielded from the workflow's own cancel (a cancelled rollout still reports it); only stop() cancels.
          await CancellationScope.nonCancellable(() => {
            this.attempt = new CancellationScope();
            return this.attempt.run(() => delivery.deliverWebhookEvent(next));
          });
        } catch (error) {
          if (this.stopping && isCancellation(error)) break;
          log.error('webhook event dropped: delivery failed', { event: next.event, error: String(error) });
          rolloutMetrics.notificationDropped();
        }
        this.queue.shift();
      }
    } finally {
      this.attempt = undefined;
      this.delivering = false;
    }
  }
}
