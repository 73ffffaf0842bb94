import type { RolloutClient } from '../../src/client';
import type { RolloutStatus } from '../../src/contract/rollout/status';
import { waitFor } from './wait';

/** Polls a rollout's status until `predicate` holds (a query can fail while no worker answers). */
export function waitForStatus(
  rollouts: RolloutClient,
  workflowId: string,
  predicate: (s: RolloutStatus) => boolean,
  timeoutMs: number,
  everyMs: number,
): Promise<RolloutStatus> {
  return waitFor(() => rollouts.getRollout(workflowId), predicate, {
    what: `${workflowId} status`,
    timeoutMs,
    everyMs,
  });
}
