import { afterEach, describe, expect, it } from 'vitest';
import { ASID, completedDiff, finish, startTestSim, type TestSim } from './helpers';

// The API as public deploy tools call it and report it (issue 19): the id of a status call as a
// query parameter, imageupdate/<id>/retry, jobprogress stuck at 0, failed installs dropped from
// imageinstall/status.

let t: TestSim;
afterEach(async () => t.close());

const update = async (imageid = 10) => {
  const created = await t.get('imageupdate/create', {
    accountserviceid: ASID,
    imageid,
    machineid: 20,
    desc: 'build 1',
    url: 'https://builds.example/1.zip',
  });
  return created.body.updateid as number;
};

async function completedVersion(): Promise<number> {
  const diffid = await completedDiff(t);
  const v = await t.get('imageversion/create', { accountserviceid: ASID, diffid, restart: 1 });
  const id = v.body.imageversionid as number;
  finish(t, id);
  return id;
}

describe('status calls with the id as a query parameter (as mg-ci calls them)', () => {
  it('imageupdate/status?updateid=N, imagediff/status?diffid=N and imageversion/status?imageversionid=N answer as the path form does', async () => {
    t = await startTestSim();
    const updateid = await update(11);
    finish(t, updateid);
    const byQuery = await t.get('imageupdate/status', { accountserviceid: ASID, updateid });
    expect(byQuery.body).toEqual((await t.get(`imageupdate/${updateid}/status`, { accountserviceid: ASID })).body);
    expect(byQuery.body).toMatchObject({ updateid, jobstatename: 'Completed', success: true });

    const diffid = await completedDiff(t);
    const diff = await t.get('imagediff/status', { accountserviceid: ASID, diffid });
    expect(diff.body).toEqual((await t.get(`imagediff/${diffid}/status`, { accountserviceid: ASID })).body);
    expect(diff.body).toMatchObject({ diffid, jobstatename: 'Completed' });

    const v = await t.get('imageversion/create', { accountserviceid: ASID, diffid, restart: 1 });
    const imageversionid = v.body.imageversionid as number;
    const version = await t.get('imageversion/status', { accountserviceid: ASID, imageversionid });
    expect(version.body).toMatchObject({ imageversionid, success: true });
  });

  it('without the id anywhere, or with two different ids, the answer names the parameter', async () => {
    t = await startTestSim();
    const missing = await t.get('imagediff/status', { accountserviceid: ASID });
    expect(missing.body).toMatchObject({ success: false, error_message: expect.stringContaining('diffid') });
    const diffid = await completedDiff(t);
    const both = await t.get(`imagediff/${diffid}/status`, { accountserviceid: ASID, diffid: diffid + 1 });
    expect(both.body).toMatchObject({
      success: false,
      error_message: `diffid in the path (${diffid}) and the query (${diffid + 1}) differ`,
    });
  });
});

describe('imageupdate/<updateid>/retry', () => {
  it('runs a Failed update again under the same id, and counts the failure', async () => {
    t = await startTestSim({ faults: 'failFirst.update=1' });
    const updateid = await update();
    finish(t, updateid);
    expect((await t.get(`imageupdate/${updateid}/status`, { accountserviceid: ASID })).body).toMatchObject({
      jobstatename: 'Failed',
      success: false,
    });
    const retried = await t.get(`imageupdate/${updateid}/retry`, { accountserviceid: ASID });
    expect(retried.body).toMatchObject({ updateid, jobstatename: 'Created', jobfailed: 1, success: true });
    // The update runs again: it locks the image until it ends.
    const diff = await t.get('imagediff/create', { accountserviceid: ASID, imageid: 10, machineid: 20 });
    expect(diff.body.error_message).toBe(`image locked by updateid: ${updateid}`);
    finish(t, updateid);
    expect((await t.get(`imageupdate/${updateid}/status`, { accountserviceid: ASID })).body).toMatchObject({
      jobstatename: 'Completed',
      jobfailed: 1,
    });
  });

  it('refuses an update that is still running', async () => {
    t = await startTestSim();
    const updateid = await update();
    const refused = await t.get(`imageupdate/${updateid}/retry`, { accountserviceid: ASID });
    expect(refused.body).toMatchObject({
      success: false,
      error_message: expect.stringMatching(/cannot be retried while Created \(1\); it must be Completed or Failed/),
    });
  });
});

describe('--progress zero', () => {
  it('reports jobprogress 0 in every state, with state, jobupdated and jobeta as usual', async () => {
    t = await startTestSim({ progress: 'zero' });
    const updateid = await update();
    const job = t.job(updateid);
    t.clock.t = job.timeline.runningAt + Math.round(job.timeline.duration / 2);
    const running = (await t.get(`imageupdate/${updateid}/status`, { accountserviceid: ASID })).body;
    expect(running).toMatchObject({ jobstatename: 'Running', jobprogress: 0, jobeta: expect.any(Number) });
    expect(running.jobupdated).toBe(Math.floor(job.timeline.runningAt / 1000));
    finish(t, updateid);
    expect((await t.get(`imageupdate/${updateid}/status`, { accountserviceid: ASID })).body).toMatchObject({
      jobstatename: 'Completed',
      jobprogress: 0,
    });
  });
});

describe('--failed-installs', () => {
  const failedInstall = async () => {
    const versionid = await completedVersion();
    const listed = (await t.get('imageinstall/status', { accountserviceid: ASID })).body.installs as {
      jobid: number;
    }[];
    for (const { jobid } of listed) finish(t, jobid);
    return versionid;
  };
  const listedStates = async () =>
    ((await t.get('imageinstall/status', { accountserviceid: ASID })).body.installs as { jobstatename: string }[]).map(
      (i) => i.jobstatename,
    );
  const fleet = async () => (await t.get('../v2/project/1/image/10/status', {})).body;

  it('listed (the default): a Failed install stays in imageinstall/status', async () => {
    t = await startTestSim({ fleet: 2, mirrors: 0, faults: 'failFirst.install=1' });
    await failedInstall();
    expect(await listedStates()).toEqual(['Failed', 'Failed']);
    expect(await fleet()).toMatchObject({ failed_machines: 2, pending_machines: 0 });
  });

  it('unlisted: a Failed install leaves the list; only the v2 image status still counts it', async () => {
    t = await startTestSim({ fleet: 2, mirrors: 0, faults: 'failFirst.install=1', failedInstalls: 'unlisted' });
    await failedInstall();
    expect(await listedStates()).toEqual([]);
    expect(await fleet()).toMatchObject({ failed_machines: 2, pending_machines: 0, completed_machines: 0 });
  });
});
