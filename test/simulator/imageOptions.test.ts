import { afterEach, describe, expect, it } from 'vitest';
import { GAME_ID_BASE } from '../../src/simulator/options';
import { ASID, basic, completedDiff, finish, startTestSim, type TestSim } from './helpers';

let t: TestSim;
afterEach(async () => t.close());

const GAME = GAME_ID_BASE + ASID;
const options = (params: Record<string, string | number> = {}, asid = ASID) =>
  t.get('image/options', { accountserviceid: asid, ...params });
const imageOptions = (imageid = 10, gameid = GAME) => options({ gameid, imageid });
const update = (imageid = 10) =>
  t.get('imageupdate/create', {
    accountserviceid: ASID,
    imageid,
    machineid: 20,
    desc: 'build',
    url: 's3://b/build.zip',
  });

describe('image/options locks', () => {
  it('names the open diff until it is rejected, failed or not', async () => {
    t = await startTestSim({ faults: 'failFirst.diff=1' });
    expect((await imageOptions()).body).toEqual({ gameid: GAME, imageid: 10, update_urls: [], success: true });
    const diffid = (await t.get('imagediff/create', { accountserviceid: ASID, imageid: 10, machineid: 20 })).body
      .diffid as number;
    expect((await imageOptions()).body).toEqual({ gameid: GAME, imageid: 10, diffid, update_urls: [], success: true });
    finish(t, diffid); // Failed: still locks until rejected
    expect((await imageOptions()).body.diffid).toBe(diffid);
    await t.get(`imagediff/${diffid}/reject`, { accountserviceid: ASID, reinstall: 0 });
    expect((await imageOptions()).body).not.toHaveProperty('diffid');
  });

  it('is free once the diff became a version', async () => {
    t = await startTestSim();
    const diffid = await completedDiff(t);
    expect((await imageOptions()).body.diffid).toBe(diffid);
    const version = await t.get('imageversion/create', { accountserviceid: ASID, diffid, restart: 0 });
    expect(version.body.imageversionid).toBeTypeOf('number');
    expect((await imageOptions()).body).toEqual({ gameid: GAME, imageid: 10, update_urls: [], success: true });
  });

  it('names an update while it has not finished', async () => {
    t = await startTestSim();
    const updateid = (await update()).body.updateid as number;
    expect((await imageOptions()).body).toEqual({
      gameid: GAME,
      imageid: 10,
      updateid,
      update_urls: [],
      success: true,
    });
    finish(t, updateid);
    expect((await imageOptions()).body).not.toHaveProperty('updateid');
  });

  it('lists every image the ASID used when no ids are given', async () => {
    t = await startTestSim();
    const diffid = await completedDiff(t, 12);
    const updateid = (await update(11)).body.updateid as number;
    await t.get('imagediff/create', { accountserviceid: 2, imageid: 13, machineid: 20 });
    expect((await options()).body).toEqual({
      images: [
        { gameid: GAME, imageid: 11, updateid, update_urls: [] },
        { gameid: GAME, imageid: 12, diffid, update_urls: [] },
      ],
      success: true,
    });
  });
});

describe('image/options games', () => {
  it('agrees with diff_info on the game of an image, default or configured', async () => {
    t = await startTestSim({ games: { 11: 77 } });
    for (const [imageid, gameid] of [
      [10, GAME],
      [11, 77],
    ] as const) {
      const diffid = await completedDiff(t, imageid);
      const status = await t.get(`imagediff/${diffid}/status`, { accountserviceid: ASID, diff_info: 1 });
      expect(status.body.game).toEqual({ gameid, name: `Simulated game ${gameid}` });
      expect((await imageOptions(imageid, gameid)).body).toMatchObject({ gameid, imageid, diffid });
    }
    // Another ASID's image 10 is in that ASID's game.
    expect((await options({ gameid: GAME, imageid: 10 }, ASID + 1)).body.error_message).toBe(
      `imageid 10 not found in gameid ${GAME}`,
    );
  });
});

describe('image/options errors', () => {
  it('wants gameid and imageid together, and gameversion_identifier only with both', async () => {
    t = await startTestSim();
    const cases: [Record<string, string | number>, string][] = [
      [{ gameid: GAME }, 'gameid and imageid must be given together'],
      [{ imageid: 10 }, 'gameid and imageid must be given together'],
      [{ gameversion_identifier: 'v1' }, 'gameversion_identifier requires gameid and imageid'],
      [{ gameid: 'x', imageid: 10 }, 'gameid must be a positive integer'],
      [{ gameid: GAME, imageid: 10, gameversion_identifier: ' ' }, 'gameversion_identifier must not be empty'],
    ];
    for (const [params, message] of cases) {
      const reply = await options(params);
      expect({ params, status: reply.status, body: reply.body }).toMatchObject({
        params,
        status: 200,
        body: { error: true, success: false, error_message: message },
      });
    }
    expect((await options({ gameid: GAME, imageid: 10, gameversion_identifier: 'v1' })).body).toMatchObject({
      imageid: 10,
      success: true,
    });
    expect((await t.get('image/options', { gameid: GAME, imageid: 10 })).body.error_message).toBe(
      'missing required parameter: accountserviceid',
    );
  });

  it('does not find an image of another game, nor (strict) one the ASID never used', async () => {
    t = await startTestSim({ strictImages: true, errorStatus: 'http' });
    const never = await imageOptions(10);
    expect(never.status).toBe(404);
    expect(never.body.error_message).toBe('imageid 10 not found');
    const diffid = (await t.get('imagediff/create', { accountserviceid: ASID, imageid: 10, machineid: 20 })).body
      .diffid as number;
    expect((await imageOptions(10)).body.diffid).toBe(diffid);
    const wrongGame = await imageOptions(10, 5);
    expect(wrongGame.status).toBe(404);
    expect(wrongGame.body.error_message).toBe('imageid 10 not found in gameid 5');
  });

  it('keeps to the ASID: credentials limited to others are refused; another ASID’s image 10 is its own', async () => {
    t = await startTestSim({ credentials: ['a:b@1,2'] });
    const auth = basic('a', 'b');
    const diffid = (await t.get('imagediff/create', { accountserviceid: 1, imageid: 10, machineid: 20 }, auth)).body
      .diffid as number;
    expect((await t.get('image/options', { accountserviceid: 1, gameid: GAME, imageid: 10 }, auth)).body.diffid).toBe(
      diffid,
    );
    const other = await t.get('image/options', { accountserviceid: 2, gameid: GAME_ID_BASE + 2, imageid: 10 }, auth);
    expect(other.body).toEqual({ gameid: GAME_ID_BASE + 2, imageid: 10, update_urls: [], success: true });
    const refused = await t.get('image/options', { accountserviceid: 3, gameid: GAME_ID_BASE + 3, imageid: 10 }, auth);
    expect(refused.body.error_message).toBe('accountserviceid 3 is not accessible with these credentials');
  });
});
