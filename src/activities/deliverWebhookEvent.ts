import { CancelledFailure, Context, log } from '@temporalio/activity';
import { NOTIFICATION_GIVE_UP_MINUTES, type NotificationOutcome, type QueuedEvent } from '../contract/webhookEvents';
import type { WebhookStyle } from './webhookFormat';
import { postWebhookEvent } from './webhookPost';

export interface DeliveryOptions {
  webhookUrl?: string;
  style?: WebhookStyle;
  /** CLANFORGE_POLL_SCALE: the hour and the backoff are divided by it. */
  timeScale?: number;
  /** Counts each event's outcome (clanforge_notifications_total). */
  onOutcome?: (outcome: NotificationOutcome) => void;
}

/** Backoff between tries: 1 s, 2 s, 4 s … up to a minute (scaled). */
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 60_000;
/** Sleeps are cut into slices this long, each followed by a heartbeat, so a cancel or a lost worker is seen in time. */
const HEARTBEAT_SLICE_MS = 2_000;

/**
 * Delivers one event: tries until the receiver accepts it or its hour (from `queuedAt`) is up,
 * with its own backoff, heartbeating. One activity per event whatever the number of tries, so a
 * receiver outage adds nothing to the workflow's history; a worker lost mid-delivery is noticed by
 * the heartbeat timeout and the next attempt starts the same hour again where it stood.
 */
export function deliverWebhookActivity(options: DeliveryOptions) {
  const scale = options.timeScale ?? 1;
  return {
    async deliverWebhookEvent(
      queued: QueuedEvent,
    ): Promise<{ outcome: NotificationOutcome | 'no-webhook'; tries: number }> {
      const { webhookUrl, style = {}, onOutcome } = options;
      if (!webhookUrl) return { outcome: 'no-webhook', tries: 0 };
      const context = Context.current();
      const giveUpAt = queued.queuedAt + (NOTIFICATION_GIVE_UP_MINUTES * 60_000) / scale;
      const earlier = context.info.heartbeatDetails as { tries?: number } | undefined;
      let tries = earlier?.tries ?? 0;
      let why: string;
      for (;;) {
        if (context.cancellationSignal.aborted) throw new CancelledFailure('delivery cancelled');
        const answer = await postWebhookEvent(webhookUrl, queued.event, style, context.cancellationSignal);
        tries++;
        if (answer.ok) {
          onOutcome?.('delivered');
          return { outcome: 'delivered', tries };
        }
        why = answer.why;
        context.heartbeat({ tries });
        const left = giveUpAt - Date.now();
        if (left <= 0) break;
        if (tries === 1 || tries % 10 === 0)
          log.warn('webhook delivery failed, will retry', { workflowId: queued.event.workflowId, tries, error: why });
        await sleepHeartbeating(context, Math.min(left, backoffMs(tries, scale)), tries);
      }
      // The event itself is logged, so what the receiver missed can be read back.
      log.error('webhook event dropped: not delivered within the hour', { event: queued.event, tries, error: why });
      onOutcome?.('dropped');
      return { outcome: 'dropped', tries };
    },
  };
}

function backoffMs(tries: number, scale: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (tries - 1)) / scale;
}

async function sleepHeartbeating(context: Context, ms: number, tries: number): Promise<void> {
  const until = Date.now() + ms;
  for (let left = ms; left > 0; left = until - Date.now()) {
    await context.sleep(Math.min(left, HEARTBEAT_SLICE_MS));
    context.heartbeat({ tries });
  }
}
