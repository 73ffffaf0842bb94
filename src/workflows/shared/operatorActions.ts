import { proxySinks } from '@temporalio/workflow';
import type { RolloutMetricsSinks } from '../../contract/metricsSinks';
import type { OperatorActionRecord } from '../../contract/rollout/status';

const ACTIONS_LIMIT = 50;
const { rolloutMetrics } = proxySinks<RolloutMetricsSinks>();

/**
 * Records an operator action in a status's `actions` (the last 50) and the metrics (named or
 * not, never the name); returns what the next webhook event reports as `lastAction`.
 */
export function recordOperatorAction(
  actions: OperatorActionRecord[],
  action: string,
  by: string | undefined,
  reason?: string,
): { action: string; by: string | null } {
  actions.push({ action, ...(by ? { by } : {}), at: new Date().toISOString(), ...(reason ? { reason } : {}) });
  if (actions.length > ACTIONS_LIMIT) actions.shift();
  rolloutMetrics.operatorAction(action, by !== undefined);
  return { action, by: by ?? null };
}
