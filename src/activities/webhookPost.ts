import axios from 'axios';
import type { WebhookEvent } from '../contract/webhookEvents';
import { webhookBody, type WebhookStyle } from './webhookFormat';

/** One POST of an event: accepted (2xx), or why not ("HTTP 503", "ECONNREFUSED"). Never throws. */
export async function postWebhookEvent(
  webhookUrl: string,
  event: WebhookEvent,
  style: WebhookStyle,
  signal?: AbortSignal,
): Promise<{ ok: true; status: number } | { ok: false; why: string }> {
  try {
    const response = await axios.post(webhookUrl, webhookBody(event, style), {
      timeout: 5_000,
      signal,
      validateStatus: () => true,
      headers: { 'content-type': 'application/json', 'user-agent': 'clanforge-rollout' },
    });
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    return { ok: false, why: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, why: axios.isAxiosError(error) ? (error.code ?? 'network error') : String(error) };
  }
}
