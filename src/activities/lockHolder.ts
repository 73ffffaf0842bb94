import { Context } from '@temporalio/activity';
import { statusQuery } from '../contract/rollout/messages';

/** A query no worker answers must not hold the lookup up for long. */
const QUERY_DEADLINE_MS = 5_000;

/**
 * Which running rollout of this image (other than the asking one) made the diff that locks it,
 * if any: read from Temporal's visibility and each candidate's `status` query. A diff made by a
 * running rollout must never be rejected by another one's `unlock`.
 */
export function lockHolderActivity() {
  return {
    async findLockHolder(args: {
      accountServiceId: number;
      imageId: number;
      diffId: number;
      self: string;
    }): Promise<{ workflowId: string; runId: string } | undefined> {
      const client = Context.current().client;
      const query = `WorkflowType='rollout' AND ExecutionStatus='Running' AND ClanforgeAccountServiceId=${args.accountServiceId} AND ClanforgeImageId=${args.imageId}`;
      for await (const wf of client.workflow.list({ query })) {
        if (wf.workflowId === args.self) continue;
        try {
          const status = await client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
            client.workflow.getHandle(wf.workflowId, wf.runId).query(statusQuery),
          );
          if (status.diffId === args.diffId || status.created.diffIds.includes(args.diffId))
            return { workflowId: wf.workflowId, runId: wf.runId };
        } catch {
          // No worker answered: it cannot be shown to hold the lock, and unlock stays an operator's call.
        }
      }
      return undefined;
    },
  };
}
