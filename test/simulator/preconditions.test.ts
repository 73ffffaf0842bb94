import { afterEach, describe, expect, it } from 'vitest';
import { ASID, completedDiff, finish, startTestSim, type TestSim } from './helpers';

let t: TestSim;
afterEach(async () => t.close());

const diffCreate = (imageid = 10) => t.get('imagediff/create', { accountserviceid: ASID, imageid, machineid: 20 });
const version = (params: Record<string, string | number>) =>
  t.get('imageversion/create', { accountserviceid: ASID, restart: 0, ...params });

describe('image lock', () => {
  it('locks the image by diffid until reject or version create', async () => {
    t = await startTestSim();
    const diffid = (await diffCreate()).body.diffid as number;
    expect((await diffCreate()).body.error_message).toBe(`image locked by diffid: ${diffid}`);
    const update = await t.get('imageupdate/create', {
      accountserviceid: ASID,
      imageid: 10,
      machineid: 20,
      desc: 'b',
      url: 'https://x/y.zip',
    });
    expect(update.body).toEqual({
      messages: [],
      error_code: 1,
      error_message: `image locked by diffid: ${diffid}`,
      _debug: [],
      success: false,
      error: true,
    });
    finish(t, diffid);
    expect((await t.get(`imagediff/${diffid}/reject`, { accountserviceid: ASID, reinstall: 0 })).body).toEqual({
      diffid,
    });
    expect((await diffCreate()).body.diffid).toBeTypeOf('number');
  });

  it('locks the image by updateid while an update is in flight', async () => {
    t = await startTestSim();
    const created = await t.get('imageupdate/create', {
      accountserviceid: ASID,
      imageid: 10,
      machineid: 20,
      desc: 'build 42',
      url: 's3://bucket/b.zip',
    });
    const updateid = created.body.updateid as number;
    expect(created.body).toMatchObject({ jobstateid: 1, jobstatename: 'Created', success: true });
    expect((await diffCreate()).body.error_message).toBe(`image locked by updateid: ${updateid}`);
    finish(t, updateid);
    expect((await t.get(`imageupdate/${updateid}/status`, { accountserviceid: ASID })).body).toMatchObject({
      updateid,
      jobstateid: 5,
      jobprogress: 100,
    });
    expect((await diffCreate()).body.diffid).toBeTypeOf('number');
  });
});

describe('diff retry and reject', () => {
  it('retries and rejects only from Completed or Failed', async () => {
    t = await startTestSim();
    const diffid = (await diffCreate()).body.diffid as number;
    const early = await t.get(`imagediff/${diffid}/retry`, { accountserviceid: ASID });
    expect(early.body.error_message).toBe(
      `diffid ${diffid} cannot be retried while Created (1); it must be Completed or Failed`,
    );
    const earlyReject = await t.get(`imagediff/${diffid}/reject`, { accountserviceid: ASID, reinstall: 0 });
    expect(earlyReject.body.error_message).toMatch(/cannot be rejected while Created \(1\)/);
    const viaCreate = await t.get('imagediff/create', { accountserviceid: ASID, imageid: 10, machineid: 20, diffid });
    expect(viaCreate.body.error_message).toMatch(/cannot be retried/);
  });

  it('retry keeps the id, restarts at 1 and counts failures', async () => {
    t = await startTestSim({ faults: 'failFirst.diff=2' });
    const created = await diffCreate();
    const diffid = created.body.diffid as number;
    finish(t, diffid);
    const failed = await t.get(`imagediff/${diffid}/status`, { accountserviceid: ASID });
    expect(failed.body).toMatchObject({ jobstateid: 6, jobfailed: 1, success: false });
    expect(failed.body.joberror).toMatch(/^diff failed: /);
    t.clock.advance(5000);
    const retried = await t.get(`imagediff/${diffid}/retry`, { accountserviceid: ASID });
    expect(retried.body).toMatchObject({
      diffid,
      jobstateid: 1,
      jobcreated: created.body.jobcreated as number,
      jobfailed: 1,
    });
    expect(retried.body.jobupdated).toBeGreaterThan(created.body.jobupdated as number);
    finish(t, diffid);
    const again = await t.get('imagediff/create', { accountserviceid: ASID, imageid: 10, machineid: 20, diffid });
    expect(again.body).toMatchObject({ diffid, jobstateid: 1, jobfailed: 2 });
    finish(t, diffid);
    expect((await t.get(`imagediff/${diffid}/status`, { accountserviceid: ASID })).body).toMatchObject({
      jobstateid: 5,
      jobfailed: 2,
      success: true,
    });
    expect(t.job(diffid).attempts).toBe(3);
  });

  it('reject with reinstall=1 starts an uninstall job', async () => {
    t = await startTestSim();
    const diffid = await completedDiff(t);
    const rejected = await t.get(`imagediff/${diffid}/reject`, { accountserviceid: ASID, reinstall: 1 });
    expect(rejected.body).toMatchObject({ uninstalljobid: expect.any(Number) as number, jobstateid: 1, success: true });
    expect(t.job(rejected.body.uninstalljobid as number)).toMatchObject({ kind: 'uninstall', machineid: 20, diffid });
    expect(
      (await t.get(`imagediff/${diffid}/reject`, { accountserviceid: ASID, reinstall: 0 })).body.error_message,
    ).toBe(`diffid ${diffid} was rejected and cannot be rejected`);
    expect((await version({ diffid })).body.error_message).toBe(
      `diffid ${diffid} was rejected and cannot become a version`,
    );
  });

  it('diff_info adds game, machine and image; file maps are empty until Completed', async () => {
    t = await startTestSim();
    const diffid = (await diffCreate()).body.diffid as number;
    const running = await t.get(`imagediff/${diffid}/status`, { accountserviceid: ASID });
    expect(running.body).toMatchObject({ added: {}, modified: {}, removed: {} });
    expect(running.body).not.toHaveProperty('game');
    finish(t, diffid);
    const done = await t.get(`imagediff/${diffid}/status`, { accountserviceid: ASID, diff_info: 1 });
    expect(Object.keys(done.body.modified as object).length).toBeGreaterThan(0);
    const [file] = Object.values(done.body.modified as Record<string, unknown>);
    expect(file).toEqual({
      size: expect.any(Number) as number,
      md5: expect.stringMatching(/^[0-9a-f]{32}$/) as string,
    });
    expect(done.body.game).toMatchObject({ gameid: expect.any(Number) as number });
    expect(done.body.machine).toMatchObject({ machineid: 20 });
    expect(done.body.image).toMatchObject({ imageid: 10 });
  });
});

describe('version create', () => {
  it('only from a Completed diff, once, and unlocks the image immediately', async () => {
    t = await startTestSim();
    const diffid = (await diffCreate()).body.diffid as number;
    expect((await version({ diffid })).body.error_message).toBe(
      `diffid ${diffid} is Created (1); only a Completed diff can become a version`,
    );
    finish(t, diffid);
    const v = await version({ diffid, game_build: '1.2.3', install_at: 'NOW()' });
    expect(v.body).toMatchObject({
      imageversionid: expect.any(Number) as number,
      jobstateid: 1,
      jobstatename: 'Created',
      success: true,
    });
    expect((await version({ diffid })).body.error_message).toBe(
      `diffid ${diffid} already has imageversionid ${v.body.imageversionid as number}`,
    );
    expect((await t.get(`imagediff/${diffid}/retry`, { accountserviceid: ASID })).body.error_message).toMatch(
      /was accepted by imageversionid/,
    );
    expect((await diffCreate()).body.diffid).toBeTypeOf('number');
  });

  it('full rules on a diff without changes', async () => {
    t = await startTestSim({ faults: 'emptyDiff=1' });
    const first = await completedDiff(t);
    expect((await version({ diffid: first })).body.error_message).toBe('full must be 1 when diff has no changes');
    expect((await version({ diffid: first, full: 0 })).body.error_message).toBe(
      'full must be 1 when diff has no changes',
    );
    const v = await version({ diffid: first, full: 1 });
    expect(v.body.imageversionid).toBeTypeOf('number');
    const second = await completedDiff(t);
    expect((await version({ diffid: second, full: 'true' })).body.error_message).toBe(
      'full must not be 1: diff has no changes and the previous install was full',
    );
  });

  it('force overrides active allocations', async () => {
    t = await startTestSim();
    expect((await t.admin('POST', 'images/10/allocations', { count: 3 })).body).toEqual({ imageid: 10, count: 3 });
    const diffid = await completedDiff(t);
    expect((await version({ diffid })).body.error_message).toMatch(/^active allocations exist/);
    expect((await version({ diffid, force: 0 })).body.error_message).toMatch(/^active allocations exist/);
    expect((await version({ diffid, force: 1 })).body.imageversionid).toBeTypeOf('number');
  });

  it('disable_timeout and disable_percentage go together', async () => {
    t = await startTestSim();
    const diffid = await completedDiff(t);
    expect((await version({ diffid, disable_timeout: 10 })).body.error_message).toBe(
      'disable_timeout and disable_percentage must be given together',
    );
    expect((await version({ diffid, disable_percentage: '50.00' })).body.error_message).toBe(
      'disable_timeout and disable_percentage must be given together',
    );
    expect((await version({ diffid, disable_timeout: 0, disable_percentage: 50 })).body.error_message).toBe(
      'disable_timeout must be an integer >= 1 (minutes)',
    );
    expect(
      (await version({ diffid, disable_timeout: 10, disable_percentage: '75.50' })).body.imageversionid,
    ).toBeTypeOf('number');
  });

  it('restart is required unless --lenient-restart', async () => {
    t = await startTestSim({ lenientRestart: true });
    const diffid = await completedDiff(t);
    const v = await t.get('imageversion/create', { accountserviceid: ASID, diffid });
    expect(v.body.imageversionid).toBeTypeOf('number');
  });
});
