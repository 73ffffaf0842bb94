import axios from 'axios';
import { ApplicationFailure, log } from '@temporalio/activity';
import type { ReleaseEvent, RolloutEvent } from '../contract/webhookEvents';
import { webhookBody, type WebhookStyle } from './webhookFormat';

/**
 * Posts rollout (and release) events to the webhook configured on the worker (ROLLOUT_WEBHOOK_URL). The URL
 * lives in the worker's environment, not in workflow input, because webhook URLs often carry a
 * token. `style` is ROLLOUT_WEBHOOK_FORMAT (the event as JSON, or a Slack or Discord message) and
 * the Web UI to link to. A non-2xx answer or a network error is retried by the activity's retry policy.
 */
export function notifyWebhookActivity(webhookUrl: string | undefined, style: WebhookStyle = {}) {
  return {
    async notifyWebhook(event: RolloutEvent | ReleaseEvent): Promise<{ delivered: boolean; status?: number }> {
      if (!webhookUrl) return { delivered: false };
      try {
        const response = await axios.post(webhookUrl, webhookBody(event, style), {
          timeout: 5_000,
          validateStatus: () => true,
          headers: { 'content-type': 'application/json', 'user-agent': 'clanforge-rollout' },
        });
        if (response.status >= 200 && response.status < 300) return { delivered: true, status: response.status };
        throw ApplicationFailure.retryable(`webhook answered HTTP ${response.status}`, 'WebhookRefused');
      } catch (error) {
        if (error instanceof ApplicationFailure) throw error;
        const code = axios.isAxiosError(error) ? (error.code ?? 'network error') : String(error);
        log.warn('webhook delivery failed', { phase: event.phase, error: code });
        throw ApplicationFailure.retryable(`webhook delivery failed: ${code}`, 'WebhookUnreachable');
      }
    },
  };
}
