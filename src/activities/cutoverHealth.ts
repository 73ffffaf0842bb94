import axios from 'axios';
import type { ClanforgeClient } from '../clanforge/client';
import type { CutoverHealth, HealthVerdict } from '../contract/cutover/status';

export interface HealthCheckInput {
  accountServiceId: number;
  imageId: number;
  profileId: number;
  minActivePercent: number;
  healthWebhookUrl?: string;
  /** What the webhook gate is sent (the rollout, fleet, profile, build): small, no secrets. */
  context: Record<string, unknown>;
}

export interface HealthCheckResult extends CutoverHealth {
  /** The gate's own answer when one is set; `unknown` when it did not answer. */
  webhook?: HealthVerdict;
  servers: number;
  up: number;
}

const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * One health check of a new profile (product contract, "Live"): the share of its servers active
 * and not admin-locked, the image's failed machines, and the optional webhook gate. The workflow
 * decides what repeated `unknown` answers mean.
 */
export function cutoverHealthActivity(client: ClanforgeClient) {
  return {
    async checkCutoverHealth(input: HealthCheckInput): Promise<HealthCheckResult> {
      const checkedAt = new Date().toISOString();
      const servers = await client.serverList({ accountServiceId: input.accountServiceId, profileId: input.profileId });
      // A server restarting onto the profile (active 2 or more) is on its way, not down: it is left
      // out until its restart ends (an allocation fleet's servers restart as they are allocated).
      const restarting = servers.filter((s) => s.active >= 2).length;
      const settled = servers.length - restarting;
      const up = servers.filter((s) => s.active === 1 && !s.adminLocked).length;
      const activePercent = settled === 0 ? 0 : Math.round((1000 * up) / settled) / 10;
      const image = await client.imageStatus(input.accountServiceId, input.imageId);
      const counts = `${up}/${settled} servers up on profile ${input.profileId}${restarting ? ` (${restarting} restarting)` : ''}`;
      const base = { activePercent, servers: servers.length, up, checkedAt };
      if (settled === 0) {
        const why = servers.length === 0 ? 'no server runs' : `all ${servers.length} servers are restarting onto`;
        return { ...base, verdict: 'unknown', reason: `${why} profile ${input.profileId} yet` };
      }
      if (image.failed_machines > 0) {
        return {
          ...base,
          verdict: 'unhealthy',
          reason: `${counts}; ${image.failed_machines} machines failed the install of image ${input.imageId}`,
        };
      }
      if (activePercent < input.minActivePercent) {
        return {
          ...base,
          verdict: 'unhealthy',
          reason: `${counts} (${activePercent} %, below minActivePercent ${input.minActivePercent})`,
        };
      }
      if (!input.healthWebhookUrl) return { ...base, verdict: 'healthy', reason: counts };
      const gate = await askGate(input.healthWebhookUrl, input.context);
      return { ...base, verdict: gate.verdict, webhook: gate.verdict, reason: `${counts}; ${gate.reason}` };
    },
  };
}

/** POST the context: 2xx healthy; another status unhealthy with its body's start; no answer unknown. */
async function askGate(
  url: string,
  context: Record<string, unknown>,
): Promise<{ verdict: HealthVerdict; reason: string }> {
  try {
    const response = await axios.post(url, context, {
      timeout: WEBHOOK_TIMEOUT_MS,
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: (body: unknown) => body,
      headers: { 'content-type': 'application/json', 'user-agent': 'clanforge-rollout' },
    });
    if (response.status >= 200 && response.status < 300)
      return { verdict: 'healthy', reason: `health gate: HTTP ${response.status}` };
    const body = String(response.data ?? '').slice(0, 200);
    return { verdict: 'unhealthy', reason: `health gate: HTTP ${response.status}${body ? `: ${body}` : ''}` };
  } catch (error) {
    const why = axios.isAxiosError(error) ? (error.code ?? 'network error') : String(error);
    return { verdict: 'unknown', reason: `health gate did not answer (${why})` };
  }
}
