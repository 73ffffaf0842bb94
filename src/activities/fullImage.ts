import { Context } from '@temporalio/activity';
import { ClanforgeFullImage } from '../contract/searchAttributes';

/** Earlier versions looked at, at most: a full one is due long before this for any sane fullEvery. */
const LOOK_BACK = 1_000;

/** How many versions of an image were made since its last full one. */
export interface VersionsSinceFull {
  /** Versions made after the last full one (all of them when none was full). */
  sinceFull: number;
  /** Whether the image's latest earlier version was full; null when there is none. */
  latestWasFull: boolean | null;
}

/**
 * Counts an image's earlier versions from Temporal's own visibility: every rollout that made a
 * version upserted ClanforgeFullImage (true for a full one). No database of our own.
 */
export function fullImageActivity() {
  return {
    async versionsSinceFull(args: {
      accountServiceId: number;
      imageId: number;
      selfRunId: string;
    }): Promise<VersionsSinceFull> {
      const client = Context.current().client;
      const query = `WorkflowType='rollout' AND ClanforgeAccountServiceId=${args.accountServiceId} AND ClanforgeImageId=${args.imageId} AND (ClanforgeFullImage = true OR ClanforgeFullImage = false)`;
      const versions: { startTime: number; full: boolean }[] = [];
      for await (const wf of client.workflow.list({ query })) {
        if (wf.runId === args.selfRunId) continue;
        versions.push({
          startTime: wf.startTime.getTime(),
          full: wf.typedSearchAttributes.get(ClanforgeFullImage) === true,
        });
        if (versions.length >= LOOK_BACK) break;
      }
      versions.sort((a, b) => b.startTime - a.startTime);
      const lastFull = versions.findIndex((v) => v.full);
      return {
        sinceFull: lastFull === -1 ? versions.length : lastFull,
        latestWasFull: versions.length ? versions[0]!.full : null,
      };
    },
  };
}
