import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClanforgeClient } from '../../src/clanforge/client';
import { ClanforgeCredentials } from '../../src/clanforge/credentials';
import { ClanforgeError } from '../../src/clanforge/errors';
import { imageOptionsSchema } from '../../src/clanforge/schemas';
import { GAME_ID_BASE } from '../../src/simulator/options';
import type { RunningSimulator } from '../../src/simulator/server';
import { admin, clientFor, startTestSimulator } from '../support/simulator';

const ASID = 1001;
const GAME = GAME_ID_BASE + ASID;
let sim: RunningSimulator;
let client: ClanforgeClient;
let nextImage = 300;

beforeAll(async () => {
  sim = await startTestSimulator();
  client = clientFor(sim);
});
afterAll(() => sim.close());

const lockOf = (imageId: number, gameId = GAME) => client.getImageOptions({ accountServiceId: ASID, gameId, imageId });

describe('ClanforgeClient.getImageOptions against the simulator', () => {
  it('a free image has no lock fields', async () => {
    const imageId = nextImage++;
    expect(await lockOf(imageId)).toEqual({ gameId: GAME, imageId, updateUrls: [] });
  });

  it('names the diff that locks the image, until it is rejected', async () => {
    const imageId = nextImage++;
    const diff = await client.imageDiffCreate(ASID, imageId, 7);
    expect(await lockOf(imageId)).toEqual({ gameId: GAME, imageId, lockedByDiffId: diff.diffid, updateUrls: [] });
    await admin(sim).complete('diff', diff.diffid);
    await client.imageDiffReject(ASID, diff.diffid, false);
    expect(await lockOf(imageId)).not.toHaveProperty('lockedByDiffId');
  });

  it('names the update in flight, until it finishes', async () => {
    const imageId = nextImage++;
    const update = await client.imageUpdateCreate({
      accountServiceId: ASID,
      imageId,
      machineId: 7,
      desc: 'b',
      url: 's3://b/b.zip',
    });
    expect((await lockOf(imageId)).lockedByUpdateId).toBe(update.updateid);
    await admin(sim).complete('update', update.updateid);
    expect(await lockOf(imageId)).toEqual({ gameId: GAME, imageId, updateUrls: [] });
  });

  it('the game id comes from diff status with diff_info', async () => {
    const imageId = nextImage++;
    const diff = await client.imageDiffCreate(ASID, imageId, 7);
    const gameId = (await client.imageDiffStatus(ASID, diff.diffid, true)).game?.gameid;
    expect(gameId).toBe(GAME);
    expect((await lockOf(imageId, gameId)).lockedByDiffId).toBe(diff.diffid);
  });

  it('an image outside that game is a permanent ClanforgeRejected naming the ids', async () => {
    const imageId = nextImage++;
    const refused = expect(lockOf(imageId, ASID)).rejects;
    await refused.toBeInstanceOf(ClanforgeError);
    await refused.toMatchObject({
      type: 'ClanforgeRejected',
      transient: false,
      apiMessage: `imageid ${imageId} not found in gameid ${ASID}`,
      message: expect.stringContaining(
        `image/options [accountserviceid=${ASID} gameid=${ASID} imageid=${imageId}]`,
      ) as string,
    });
  });

  it('is counted as image/options by the simulator', async () => {
    const before = (await admin(sim).stats()).calls['image/options'] ?? 0;
    await lockOf(nextImage++);
    expect((await admin(sim).stats()).calls['image/options']).toBe(before + 1);
  });
});

describe('image/options bodies', () => {
  it('parses leniently: ids as strings, 0/""/null as no lock, extra fields, update_urls of any shape', () => {
    expect(
      imageOptionsSchema.parse({
        gameid: '7',
        imageid: 9,
        diffid: '12',
        updateid: 0,
        update_urls: ['https://a/b.zip'],
        extra: { x: 1 },
      }),
    ).toEqual({
      gameId: 7,
      imageId: 9,
      lockedByDiffId: 12,
      updateUrls: ['https://a/b.zip'],
    });
    expect(
      imageOptionsSchema.parse({
        diffid: '',
        updateid: null,
        update_urls: { default: 's3://x/y', other: { url: 'gs://z' }, bad: 3 },
      }),
    ).toEqual({
      gameId: undefined,
      imageId: undefined,
      updateUrls: ['s3://x/y', 'gs://z'],
    });
    expect(imageOptionsSchema.parse({ updateid: 5 })).toEqual({
      gameId: undefined,
      imageId: undefined,
      lockedByUpdateId: 5,
      updateUrls: [],
    });
    expect(imageOptionsSchema.safeParse({ diffid: 'soon' }).success).toBe(false);
  });

  it('falls back to the requested ids when the body leaves them out', async () => {
    const server = createServer((_req, res) => res.end(JSON.stringify({ diffid: 44, success: true })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const bare = new ClanforgeClient({
        baseUrl: `http://127.0.0.1:${port}/cfp/v1`,
        credentials: new ClanforgeCredentials('a', 'b'),
        timeoutMs: 2_000,
        maxSockets: 1,
      });
      expect(await bare.getImageOptions({ accountServiceId: 1, gameId: 2, imageId: 3 })).toEqual({
        gameId: 2,
        imageId: 3,
        lockedByDiffId: 44,
        updateUrls: [],
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
