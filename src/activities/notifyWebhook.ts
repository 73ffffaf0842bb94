import axios from 'axios';
import { ApplicationFailure, log } from '@temporalio/activity';
import { webhookBody, type WebhookStyle } from './webhookFormat';

/** What a release manager's webhook receives on each phase change and at the end (JSON body). */
export interface RolloutEvent {
  workflowId: string;
  phase: string;
  previousPhase: string | null;
  step: string | null;
  event: string;
  at: string;
  accountServiceId: number;
  imageId: number;
  gameBuild?: string;
  diffId?: number;
  imageVersionId?: number;
  awaiting?: { reason: string; actions: string[] } | null;
  lastError?: string | null;
  /** The last operator action and who sent it (null: an unnamed operator), e.g. the approve that moved it on. */
  lastAction?: { action: string; by: string | null };
  /** A reminder that a person is still needed (input remindEveryMinutes); the phase has not changed. */
  reminder?: boolean;
  final: boolean;
}

/** What the webhook receives from a release: its waves' starts, its waits for a person, its end. */
export interface ReleaseEvent {
  kind: 'release';
  workflowId: string;
  releaseId: string;
  event: 'wave-started' | 'awaiting-promotion' | 'awaiting-operator' | 'ended';
  phase: string;
  wave: number;
  waves: number;
  /** The same in words: "wave 2 of 3 started: 4 images". */
  text: string;
  at: string;
  gameBuild?: string;
  /** Images by phase. */
  counts: Record<string, number>;
  awaiting?: { reason: string; actions: string[] } | null;
  reason?: string;
  lastAction?: { action: string; by: string | null };
  final: boolean;
}

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
