import { ApplicationFailure, log } from '@temporalio/activity';
import type { ReleaseEvent, RolloutEvent } from '../contract/webhookEvents';
import type { WebhookStyle } from './webhookFormat';
import { postWebhookEvent } from './webhookPost';

/**
 * One try at posting an event, retried by the activity's retry policy. Kept only for releases
 * that replay a 1.0.0 history (patch `notification-outbox`); everything else delivers through
 * deliverWebhookEvent.ts, which tries for an hour.
 */
export function notifyWebhookActivity(webhookUrl: string | undefined, style: WebhookStyle = {}) {
  return {
    async notifyWebhook(event: RolloutEvent | ReleaseEvent): Promise<{ delivered: boolean; status?: number }> {
      if (!webhookUrl) return { delivered: false };
      const answer = await postWebhookEvent(webhookUrl, event, style);
      if (answer.ok) return { delivered: true, status: answer.status };
      if (answer.why.startsWith('HTTP '))
        throw ApplicationFailure.retryable(`webhook answered ${answer.why}`, 'WebhookRefused');
      log.warn('webhook delivery failed', { phase: event.phase, error: answer.why });
      throw ApplicationFailure.retryable(`webhook delivery failed: ${answer.why}`, 'WebhookUnreachable');
    },
  };
}
