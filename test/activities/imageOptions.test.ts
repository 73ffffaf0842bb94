import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { imageOptionsActivity } from '../../src/activities/imageOptions';
import type { ClanforgeClient, ImageOptionsParams } from '../../src/clanforge/client';
import { ClanforgeError, type ClanforgeErrorType } from '../../src/clanforge/errors';
import type { ImageOptions } from '../../src/clanforge/schemas';
import { GAME_ID_BASE } from '../../src/simulator/options';
import { admin, clientFor, startTestSimulator } from '../support/simulator';

const REF = { accountServiceId: 1, gameId: 2, imageId: 3 };

function scripted(answer: (p: ImageOptionsParams) => Promise<ImageOptions>) {
  const calls: ImageOptionsParams[] = [];
  const client = {
    getImageOptions: (p: ImageOptionsParams) => {
      calls.push(p);
      return answer(p);
    },
  } as unknown as ClanforgeClient;
  return { calls, activity: imageOptionsActivity(client) };
}

const options = (locks: Partial<ImageOptions>) => () =>
  Promise.resolve({ gameId: 2, imageId: 3, updateUrls: [], ...locks });

function clanforgeError(type: ClanforgeErrorType, extra: { retryAfterMs?: number; apiMessage?: string } = {}) {
  return () =>
    Promise.reject(
      new ClanforgeError(
        { type, endpoint: 'image/options', ids: { imageid: 3 }, mayHaveTakenEffect: false, ...extra },
        'failed',
      ),
    );
}

/** The ApplicationFailure an activity call ends with, run as Temporal runs it (in an activity's context, attempt 1). */
const failureOf = (call: () => Promise<unknown>) => expect(new MockActivityEnvironment().run(call)).rejects;

describe('getImageLock', () => {
  it('reports the locking diff and update, nothing when free', async () => {
    const { activity, calls } = scripted(options({ lockedByDiffId: 11, lockedByUpdateId: 12 }));
    expect(await activity.getImageLock(REF)).toEqual({ diffId: 11, updateId: 12 });
    expect(calls).toEqual([REF]);
    expect(await scripted(options({})).activity.getImageLock(REF)).toStrictEqual({});
  });

  it('maps Clanforge errors like the other reads: permanent refusals stop, transient ones and bad bodies retry', async () => {
    const apiMessage = 'imageid 3 not found in gameid 2';
    const rejected = () => scripted(clanforgeError('ClanforgeRejected', { apiMessage })).activity.getImageLock(REF);
    await failureOf(rejected).toBeInstanceOf(ApplicationFailure);
    await failureOf(rejected).toMatchObject({
      type: 'ClanforgeRejected',
      nonRetryable: true,
      details: [{ endpoint: 'image/options', ids: { imageid: 3 }, apiMessage }],
    });
    await failureOf(() => scripted(clanforgeError('ClanforgeAuthError')).activity.getImageLock(REF)).toMatchObject({
      nonRetryable: true,
    });
    await failureOf(() => scripted(clanforgeError('ClanforgeUnavailable')).activity.getImageLock(REF)).toMatchObject({
      nonRetryable: false,
    });
    await failureOf(() => scripted(clanforgeError('ClanforgeBadResponse')).activity.getImageLock(REF)).toMatchObject({
      nonRetryable: false,
    });
    await failureOf(() =>
      scripted(clanforgeError('ClanforgeRateLimited', { retryAfterMs: 3_000 })).activity.getImageLock(REF),
    ).toMatchObject({
      type: 'ClanforgeRateLimited',
      nonRetryable: false,
      nextRetryDelay: 3_000,
    });
  });

  it('reads the lock from the simulator through the real client', async () => {
    const sim = await startTestSimulator();
    try {
      const client = clientFor(sim);
      const activity = imageOptionsActivity(client);
      const ref = { accountServiceId: 1001, gameId: GAME_ID_BASE + 1001, imageId: 40 };
      const diff = await client.imageDiffCreate(ref.accountServiceId, ref.imageId, 7);
      expect(await activity.getImageLock(ref)).toEqual({ diffId: diff.diffid });
      await admin(sim).complete('diff', diff.diffid);
      await client.imageDiffReject(ref.accountServiceId, diff.diffid, false);
      expect(await activity.getImageLock(ref)).toEqual({});
    } finally {
      await sim.close();
    }
  });
});
