import { afterEach, describe, expect, it } from 'vitest';
import { ASID, completedDiff, finish, startTestSim, type TestSim } from './helpers';

let t: TestSim;
afterEach(async () => t.close());

interface Install {
  jobid: number;
  jobstateid: number;
  mirroring: boolean;
  machine: number;
  target_imageversionid: number;
  mirror: string | null;
}

async function completedVersion(params: Record<string, string | number> = {}, imageid = 10): Promise<number> {
  const diffid = await completedDiff(t, imageid);
  const v = await t.get('imageversion/create', { accountserviceid: ASID, diffid, restart: 1, ...params });
  const id = v.body.imageversionid as number;
  finish(t, id);
  return id;
}

async function installs(): Promise<Install[]> {
  return (await t.get('imageinstall/status', { accountserviceid: ASID })).body.installs as Install[];
}

const inAnHour = (): number => Math.floor(t.clock.t / 1000) + 3600;

describe('install jobs', () => {
  it('appear for the fleet when a version completes, then run on their own', async () => {
    t = await startTestSim({ fleet: 3, mirrors: 1 });
    const versionid = await completedVersion();
    const list = await installs();
    expect(list).toHaveLength(3);
    expect(new Set(list.map((i) => i.machine)).size).toBe(3);
    expect(list.map((i) => i.mirroring)).toEqual([true, false, false]);
    expect(list[0]).toMatchObject({
      target_imageversionid: versionid,
      restart: 1,
      location: 'eu-west',
      mirror: 'mirror-eu-west',
      imagepath: expect.any(String) as string,
      install_at: expect.any(Number) as number,
      jobstatename: expect.stringMatching(/Created|Pending|Queued/) as string,
    });
    expect(list[1]?.mirror).toBeNull();
    for (const i of list) finish(t, i.jobid);
    expect(await installs()).toEqual([]);
    const v2 = await t.get('../v2/project/1/image/10/status', {});
    expect(v2.body).toEqual({ pending_machines: 0, failed_machines: 0, completed_machines: 3 });
  });

  it('stay Pending while install_at is in the future; queue runs them now', async () => {
    t = await startTestSim({ fleet: 2, mirrors: 1 });
    await completedVersion({ install_at: inAnHour() });
    t.clock.advance(5 * 60_000);
    const [mirror, machine] = await installs();
    expect(mirror?.jobstateid).toBe(2);
    expect(machine?.jobstateid).toBe(2);
    const wrong = await t.get(`imageinstall/${machine?.jobid}/queue`, { accountserviceid: ASID, mirroring: 'true' });
    expect(wrong.body.error_message).toBe(`mirroring=true does not match jobid ${machine?.jobid} (mirroring=false)`);
    const queued = await t.get(`imageinstall/${machine?.jobid}/queue`, { accountserviceid: ASID, mirroring: 'false' });
    expect(queued.body).toMatchObject({
      machinejobid: machine?.jobid,
      installs_squashed: 0,
      jobstateid: 3,
      jobstatename: 'Queued',
    });
    const mirrored = await t.get(`imageinstall/${mirror?.jobid}/queue`, { accountserviceid: ASID, mirroring: 'true' });
    expect(mirrored.body).toMatchObject({ versionmirrorid: mirror?.jobid, jobstateid: 3 });
    expect(mirrored.body).not.toHaveProperty('installs_squashed');
    const again = await t.get(`imageinstall/${machine?.jobid}/queue`, { accountserviceid: ASID, mirroring: 0 });
    expect(again.body).toMatchObject({ installs_squashed: 0, jobstateid: 3 });
    finish(t, machine?.jobid ?? 0);
    const done = await t.get(`imageinstall/${machine?.jobid}/queue`, { accountserviceid: ASID, mirroring: 0 });
    expect(done.body.error_message).toBe(`jobid ${machine?.jobid} is already Completed (5) and cannot be queued`);
  });

  it('queue squashes older waiting installs of the same machine', async () => {
    t = await startTestSim({ fleet: 2, mirrors: 0 });
    const v1 = await completedVersion({ install_at: inAnHour() });
    const v2 = await completedVersion({ install_at: inAnHour() });
    const all = await installs();
    expect(all).toHaveLength(4);
    const newer = all.find((i) => i.target_imageversionid === v2);
    const older = all.find((i) => i.target_imageversionid === v1 && i.machine === newer?.machine);
    const queued = await t.get(`imageinstall/${newer?.jobid}/queue`, { accountserviceid: ASID, mirroring: 0 });
    expect(queued.body).toMatchObject({ machinejobid: newer?.jobid, installs_squashed: 1 });
    expect(t.job(older?.jobid ?? 0).timeline.outcome).toBe(7);
    expect((await installs()).map((i) => i.jobid)).not.toContain(older?.jobid);
    const stats = await t.admin('GET', 'stats');
    expect(stats.body.jobs.install.Squashed).toBe(1);
  });

  it('v2 image status counts the latest version, with fleets and regions on detail=true', async () => {
    t = await startTestSim({ fleet: 4, mirrors: 1 });
    const diffid = await completedDiff(t);
    const v = await t.get('imageversion/create', { accountserviceid: ASID, diffid, restart: 0 });
    const before = await t.get('../v2/project/1/image/10/status', {});
    expect(before.body).toEqual({ pending_machines: 4, failed_machines: 0, completed_machines: 0 });
    finish(t, v.body.imageversionid as number);
    const list = await installs();
    await t.admin('POST', `jobs/install/${list[0]?.jobid}/complete`);
    await t.admin('POST', `jobs/install/${list[1]?.jobid}/fail`, { error: 'disk full' });
    const detail = await t.get('../v2/project/1/image/10/status', { detail: 'true' });
    expect(detail.body).toMatchObject({ pending_machines: 2, failed_machines: 1, completed_machines: 1 });
    const fleet = detail.body.fleets['10'];
    expect(fleet).toMatchObject({ pending_machines: 2, failed_machines: 1, completed_machines: 1 });
    expect(fleet.regions['1']).toEqual({
      name: 'eu-west',
      pending_machines: 1,
      failed_machines: 0,
      completed_machines: 1,
    });
    expect(fleet.regions['2']).toEqual({
      name: 'us-east',
      pending_machines: 0,
      failed_machines: 1,
      completed_machines: 0,
    });
    const empty = await t.get('../v2/project/1/image/999/status', {});
    expect(empty.body).toEqual({ pending_machines: 0, failed_machines: 0, completed_machines: 0 });
  });

  it('disable_timeout/disable_percentage fail the stragglers once enough machines succeeded', async () => {
    t = await startTestSim({ fleet: 4, mirrors: 0 });
    const versionid = await completedVersion({ install_at: inAnHour(), disable_timeout: 10, disable_percentage: 50 });
    const list = await installs();
    for (const i of list.slice(0, 2)) await t.admin('POST', `jobs/install/${i.jobid}/complete`);
    expect(await installs()).toHaveLength(2);
    t.clock.t = t.job(versionid).timeline.endAt + 10 * 60_000 + 1;
    // Disabled machines have failed, not completed: they stay listed as Failed until re-queued.
    expect((await installs()).map((i) => i.jobstateid)).toEqual([6, 6]);
    const v2 = await t.get('../v2/project/1/image/10/status', {});
    expect(v2.body).toEqual({ pending_machines: 0, failed_machines: 2, completed_machines: 2 });
    const failed = t.job(list[3]?.jobid ?? 0);
    expect(failed.timeline.error).toMatch(/disable_timeout/);
  });

  it('a failed install stays listed with its joberror and runs again when queued', async () => {
    t = await startTestSim({ fleet: 2, mirrors: 0 });
    await completedVersion({});
    const [first] = await installs();
    await t.admin('POST', `jobs/install/${first?.jobid}/fail`, { error: 'disk full on machine' });
    const listed = (await installs()).find((i) => i.jobid === first?.jobid);
    expect(listed).toMatchObject({ jobstateid: 6, joberror: 'disk full on machine', jobfailed: 1 });
    const again = await t.get(`imageinstall/${first?.jobid}/queue`, { accountserviceid: ASID, mirroring: 'false' });
    expect(again.body).toMatchObject({ machinejobid: first?.jobid, jobstateid: 3 });
    expect((await installs()).find((i) => i.jobid === first?.jobid)?.jobstateid).toBe(3);
  });
});
