import type { ClanforgeClient } from '../clanforge/client';
import { readCall, writeCall } from './failures';
import type { DiffSummary, JobSnapshot } from '../contract/jobs';
import { snapshotOf, summarizeDiff } from './snapshots';
import type { CreateGate } from './freezeGate';

export interface DiffRef {
  accountServiceId: number;
  diffId: number;
}

export interface DiffSnapshot extends JobSnapshot {
  summary: DiffSummary;
}

export interface RejectResult {
  diffId: number;
  /** Set when reinstall=1 started an uninstall job on the reference machine. */
  uninstallJobId?: number;
}

/** Image diff create / status / retry / reject. */
export function imageDiffActivities(client: ClanforgeClient, freeze: CreateGate) {
  return {
    async createImageDiff(input: {
      accountServiceId: number;
      imageId: number;
      machineId: number;
    }): Promise<DiffSnapshot> {
      await freeze.check('diff');
      const diff = await writeCall(() =>
        client.imageDiffCreate(input.accountServiceId, input.imageId, input.machineId),
      );
      return { ...snapshotOf('diff', diff.diffid, diff), summary: summarizeDiff(diff) };
    },

    async getImageDiffStatus(input: DiffRef): Promise<DiffSnapshot> {
      const diff = await readCall(() => client.imageDiffStatus(input.accountServiceId, input.diffId));
      return { ...snapshotOf('diff', input.diffId, diff), summary: summarizeDiff(diff) };
    },

    async retryImageDiff(input: DiffRef): Promise<DiffSnapshot> {
      // A retried diff is a new diff job.
      await freeze.check('diff');
      const diff = await writeCall(() => client.imageDiffRetry(input.accountServiceId, input.diffId));
      return { ...snapshotOf('diff', diff.diffid, diff), summary: summarizeDiff(diff) };
    },

    async rejectImageDiff(input: DiffRef & { reinstall: boolean }): Promise<RejectResult> {
      const result = await writeCall(() =>
        client.imageDiffReject(input.accountServiceId, input.diffId, input.reinstall),
      );
      return 'uninstalljobid' in result
        ? { diffId: input.diffId, uninstallJobId: result.uninstalljobid }
        : { diffId: result.diffid };
    },
  };
}
