import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs, resolveOptions, USAGE } from '../../src/simulator/options';
import { ASID, completedDiff, finish, startTestSim, type TestSim } from './helpers';

// The simulator modes that make it answer as public deploy code reports the real API does
// (issue 19): the id of a status call as a query parameter, imageupdate/<id>/retry,
// --progress zero and --failed-installs unlisted.
let t: TestSim;
afterEach(async () => t.close());

const createUpdate = async () =>
  (
    await t.get('imageupdate/create', {
      accountserviceid: ASID,
      imageid: 10,
      machineid: 20,
      desc: 'build 1',
      url: 'https://builds.example/1.zip',
    })
  ).body.updateid as number;

async function completedVersion(): Promise<number> {
  const diffid = await completedDiff(t);
  const v = await t.get('imageversion/create', { accountserviceid: ASID, diffid, restart: 1 });
  const id = v.body.imageversionid as number;
  finish(t, id);
  return id;
}

describe('status endpoints take the id as a query parameter too', () => {
  it('imageupdate/status?updateid=N and imagediff/status?diffid=N answer as the path forms do', async () => {
    t = await startTestSim();
    const updateid = await createUpdate();
    finish(t, updateid);
    const byQuery = await t.get('imageupdate/status', { accountserviceid: ASID, updateid });
    expect(byQuery.status).toBe(200);
    expect(byQuery.body).toEqual((await t.get(`imageupdate/${updateid}/status`, { accountserviceid: ASID })).body);
    expect(byQuery.body).toMatchObject({ updateid, jobstatename: 'Completed', success: true });

    const diffid = await completedDiff(t);
    const diff = await t.get('imagediff/status', { accountserviceid: ASID, diffid });
    expect(diff.body).toEqual((await t.get(`imagediff/${diffid}/status`, { accountserviceid: ASID })).body);
    expect(diff.body).toMatchObject({ diffid, jobstatename: 'Completed' });
  });

  it('without an id, or with two that differ, the error names the parameter', async () => {
    t = await startTestSim();
    const updateid = await createUpdate();
    const missing = await t.get('imageupdate/status', { accountserviceid: ASID });
    expect(missing.body).toMatchObject({ success: false, error: true });
    expect(missing.body.error_message).toMatch(/updateid/);
    const both = await t.get(`imageupdate/${updateid}/status`, { accountserviceid: ASID, updateid: updateid + 1 });
    expect(both.body.error_message).toBe(`updateid in the path (${updateid}) and the query (${updateid + 1}) differ`);
  });
});

describe('imageupdate/<updateid>/retry', () => {
  it('runs a failed update again under the same id, and counts the failure', async () => {
    t = await startTestSim({ faults: 'failFirst.update=1' });
    const updateid = await createUpdate();
    finish(t, updateid);
    expect((await t.get(`imageupdate/${updateid}/status`, { accountserviceid: ASID })).body.jobstatename).toBe(
      'Failed',
    );
    const retried = await t.get(`imageupdate/${updateid}/retry`, { accountserviceid: ASID });
    expect(retried.body).toMatchObject({ updateid, jobstatename: 'Created', jobfailed: 1, success: true });
    // While it runs again the image is locked by it.
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
    const updateid = await createUpdate();
    const early = await t.get(`imageupdate/${updateid}/retry`, { accountserviceid: ASID });
    expect(early.body.error_message).toMatch(
      new RegExp(`^updateid ${updateid} cannot be retried while Created \\(1\\); it must be Completed or Failed$`),
    );
  });
});

describe('--progress zero', () => {
  it('keeps jobprogress at 0 until Completed, while state, jobupdated and the eta move as usual', async () => {
    t = await startTestSim({ progress: 'zero' });
    const updateid = await createUpdate();
    const job = t.job(updateid);
    t.clock.t = job.timeline.runningAt + Math.round(job.timeline.duration / 2);
    const running = (await t.get(`imageupdate/${updateid}/status`, { accountserviceid: ASID })).body;
    expect(running).toMatchObject({
      jobstateid: 4,
      jobprogress: 0,
      jobupdated: Math.floor(job.timeline.runningAt / 1000),
    });
    expect(running.jobeta).toBe(Math.floor((job.timeline.runningAt + job.timeline.duration) / 1000));
    finish(t, updateid);
    expect((await t.get(`imageupdate/${updateid}/status`, { accountserviceid: ASID })).body.jobprogress).toBe(0);
  });
});

describe('--failed-installs', () => {
  for (const mode of ['listed', 'unlisted'] as const) {
    it(`${mode}: a failed install ${mode === 'listed' ? 'stays in' : 'leaves'} imageinstall/status; the v2 image status counts it failed`, async () => {
      t = await startTestSim({ fleet: 2, mirrors: 0, failedInstalls: mode, faults: 'failFirst.install=1' });
      await completedVersion();
      const listing = async () =>
        (await t.get('imageinstall/status', { accountserviceid: ASID })).body.installs as { jobid: number }[];
      const ids = (await listing()).map((i) => i.jobid);
      expect(ids).toHaveLength(2);
      for (const id of ids) finish(t, id);
      expect((await listing()).map((i) => i.jobid)).toEqual(mode === 'listed' ? ids : []);
      expect((await t.get('../v2/project/1/image/10/status', {})).body).toEqual({
        pending_machines: 0,
        failed_machines: 2,
        completed_machines: 0,
      });
      // Queued again by its id (known from an earlier listing), it is listed while it runs.
      const queued = await t.get(`imageinstall/${ids[0]}/queue`, { accountserviceid: ASID, mirroring: 'false' });
      expect(queued.body).toMatchObject({ machinejobid: ids[0], jobstateid: 3 });
      expect((await listing()).map((i) => i.jobid)).toContain(ids[0]);
    });
  }
});

describe('the flags', () => {
  it('map onto the options, are in --help, and bad values name the flag', () => {
    expect(parseCliArgs(['--progress', 'zero', '--failed-installs', 'unlisted'])).toMatchObject({
      progress: 'zero',
      failedInstalls: 'unlisted',
    });
    expect(USAGE).toMatch(/--progress real\|zero/);
    expect(USAGE).toMatch(/--failed-installs listed\|unlisted/);
    expect(resolveOptions({})).toMatchObject({ progress: 'real', failedInstalls: 'listed' });
    expect(() => resolveOptions({ progress: 'some' as 'real' })).toThrow('--progress must be real or zero');
    expect(() => resolveOptions({ failedInstalls: 'gone' as 'listed' })).toThrow(
      '--failed-installs must be listed or unlisted',
    );
  });
});
