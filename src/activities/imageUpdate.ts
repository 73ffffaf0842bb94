import type { ClanforgeClient, ImageUpdateCreateParams } from '../clanforge/client';
import { readCall, writeCall } from './failures';
import type { JobSnapshot } from '../contract/jobs';
import { snapshotOf } from './snapshots';
import type { CreateGate } from './freezeGate';

/** Image update create / status: a new build onto the reference machine. */
export function imageUpdateActivities(client: ClanforgeClient, freeze: CreateGate) {
  return {
    async createImageUpdate(input: ImageUpdateCreateParams): Promise<JobSnapshot> {
      await freeze.check('update');
      const job = await writeCall(() => client.imageUpdateCreate(input));
      return snapshotOf('update', job.updateid, job);
    },

    async getImageUpdateStatus(input: { accountServiceId: number; updateId: number }): Promise<JobSnapshot> {
      const job = await readCall(() => client.imageUpdateStatus(input.accountServiceId, input.updateId));
      return snapshotOf('update', input.updateId, job);
    },
  };
}
