import type { RolloutClient } from '../../src/client';
import type { RolloutStatus } from '../../src/contract/rollout/status';

/** Polls a rollout's status until `predicate` holds (a query can fail while no worker answers). */
export async function waitForStatus(
  rollouts: RolloutClient,
  workflowId: string,
  predicate: (s: RolloutStatus) => boolean,
  timeoutMs: number,
  everyMs: number,
): Promise<RolloutStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: RolloutStatus | undefined;
  while (Date.now() < deadline) {
    try {
      last = await rollouts.getRollout(workflowId);
      if (predicate(last)) return last;
    } catch {
      // not started yet, or no worker to answer the query right now
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`${workflowId}: status never matched; last ${last ? `${last.phase}/${last.step}` : 'none'}`);
}
