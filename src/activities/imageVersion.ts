import type { ClanforgeClient, ImageVersionCreateParams } from '../clanforge/client';
import { readCall, writeCall } from './failures';
import type { JobSnapshot } from '../contract/jobs';
import { snapshotOf } from './snapshots';
import type { CreateGate } from './freezeGate';

/** Image version create (which also accepts the diff) / status. */
export function imageVersionActivities(client: ClanforgeClient, freeze: CreateGate) {
  return {
    async createImageVersion(input: ImageVersionCreateParams): Promise<JobSnapshot> {
      await freeze.check('version');
      const job = await writeCall(() => client.imageVersionCreate(input));
      return snapshotOf('version', job.imageversionid, job);
    },

    async getImageVersionStatus(input: { accountServiceId: number; imageVersionId: number }): Promise<JobSnapshot> {
      const job = await readCall(() => client.imageVersionStatus(input.accountServiceId, input.imageVersionId));
      return snapshotOf('version', input.imageVersionId, job);
    },
  };
}
