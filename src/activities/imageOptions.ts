import type { ClanforgeClient } from '../clanforge/client';
import { readCall } from './failures';

export interface ImageLockRef {
  accountServiceId: number;
  gameId: number;
  imageId: number;
}

/** What locks an image now; both absent means it is free. */
export interface ImageLock {
  /** An open diff (not rejected, not yet turned into a version). */
  diffId?: number;
  /** An image update that has not finished. */
  updateId?: number;
}

/** Lock inspection through `image/options` (a read: transient errors are retried by Temporal). */
export function imageOptionsActivity(client: ClanforgeClient) {
  return {
    async getImageLock(input: ImageLockRef): Promise<ImageLock> {
      const { accountServiceId, gameId, imageId } = input;
      const options = await readCall(() => client.getImageOptions({ accountServiceId, gameId, imageId }));
      return {
        ...(options.lockedByDiffId !== undefined && { diffId: options.lockedByDiffId }),
        ...(options.lockedByUpdateId !== undefined && { updateId: options.lockedByUpdateId }),
      };
    },
  };
}
