import { afterEach, describe, expect, it } from 'vitest';
import { ASID, basic, startTestSim, type TestSim } from './helpers';

let t: TestSim;
afterEach(async () => t.close());

const TEMPLATES = [
  'imageupdate/create',
  'imageupdate/status',
  'imageupdate/retry',
  'imagediff/create',
  'imagediff/status',
  'imagediff/retry',
  'imagediff/reject',
  'imageversion/create',
  'imageversion/status',
  'imageinstall/status',
  'imageinstall/queue',
  'v2/image/status',
  'image/options',
  // The fleet endpoints (`--fleets`), in this order.
  ...[
    'v2/fleet/switchprofile v2/fleet/switchprofile/status profile/list server/list server/status',
    'server/allocate v2/fleet/server/allocate server/allocations v2/fleet/allocations',
    'server/deallocate v2/fleet/server/deallocate',
  ]
    .join(' ')
    .split(' '),
];

describe('/_sim admin', () => {
  it('stats count every matched request, authenticated or not, faulted or not', async () => {
    t = await startTestSim();
    const diffid = (await t.get('imagediff/create', { accountserviceid: ASID, imageid: 1, machineid: 2 })).body
      .diffid as number;
    await t.get('imagediff/create', { accountserviceid: ASID, imageid: 1, machineid: 2 }, null);
    await t.admin('POST', 'faults', { rate429: 1 });
    expect((await t.get(`imagediff/${diffid}/status`, { accountserviceid: ASID })).status).toBe(429);
    await t.admin('POST', 'faults', {});
    await t.get(`imagediff/${diffid}/status`, { accountserviceid: ASID });
    await t.get('../v2/project/1/image/1/status', {});
    await t.get('imageinstall/55/queue', { accountserviceid: ASID, mirroring: 0 });
    await t.get('imagediff/1/accept', { accountserviceid: ASID }); // unknown: not counted
    const stats = await t.admin('GET', 'stats');
    expect(Object.keys(stats.body.calls as object)).toEqual(TEMPLATES);
    expect(stats.body.calls).toMatchObject({
      'imagediff/create': 2,
      'imagediff/status': 2,
      'v2/image/status': 1,
      'imageinstall/queue': 1,
      'imageversion/create': 0,
    });
    expect(stats.body.jobs.diff).toEqual({ Created: 1, Pending: 0, Queued: 0, Running: 0, Completed: 0, Failed: 0 });
    expect(Object.keys(stats.body.jobs as object)).toEqual(['update', 'diff', 'version', 'install', 'uninstall']);
  });

  it('lists jobs with timeline and attempts; forces fail/complete; resets', async () => {
    t = await startTestSim();
    const a = (await t.get('imagediff/create', { accountserviceid: ASID, imageid: 1, machineid: 2 })).body
      .diffid as number;
    const b = (await t.get('imagediff/create', { accountserviceid: ASID, imageid: 2, machineid: 2 })).body
      .diffid as number;
    const jobs = await t.admin('GET', 'jobs');
    expect(jobs.body.jobs[0]).toMatchObject({
      kind: 'diff',
      id: a,
      asid: ASID,
      state: 1,
      statename: 'Created',
      attempts: 1,
    });
    expect(jobs.body.jobs[0].timeline).toMatchObject({ startedAt: t.clock.t, outcome: 5 });

    const completed = await t.admin('POST', `jobs/diff/${a}/complete`);
    expect(completed.body).toMatchObject({ id: a, state: 5 });
    expect((await t.get(`imagediff/${a}/status`, { accountserviceid: ASID })).body).toMatchObject({
      jobstateid: 5,
      jobprogress: 100,
    });
    const failed = await t.admin('POST', `jobs/diff/${b}/fail`, { error: 'diff failed: injected by test' });
    expect(failed.body.state).toBe(6);
    expect((await t.get(`imagediff/${b}/status`, { accountserviceid: ASID })).body).toMatchObject({
      jobstateid: 6,
      joberror: 'diff failed: injected by test',
      success: false,
    });
    expect((await t.admin('POST', `jobs/diff/${b}/complete`)).status).toBe(409);
    expect((await t.admin('POST', `jobs/version/${b}/complete`)).status).toBe(404);
    expect((await t.admin('POST', `jobs/nope/${b}/complete`)).status).toBe(404);
    expect((await t.admin('GET', 'reset')).status).toBe(405);

    expect((await t.admin('POST', 'reset')).body).toEqual({ ok: true });
    expect((await t.admin('GET', 'jobs')).body.jobs).toEqual([]);
    expect((await t.admin('GET', 'stats')).body.calls['imagediff/create']).toBe(0);
    expect((await t.get(`imagediff/${a}/status`, { accountserviceid: ASID })).body.error_message).toBe(
      `diffid ${a} not found`,
    );
  });

  it('validates admin bodies', async () => {
    t = await startTestSim();
    expect((await t.admin('POST', 'images/5/allocations', { count: -1 })).status).toBe(400);
    expect((await t.admin('POST', 'images/5/allocations', '{not json')).status).toBe(400);
    expect((await t.admin('GET', 'nothing')).status).toBe(404);
  });
});

describe('/_sim/credentials', () => {
  it('replaces the accepted keys at runtime, shows access keys only, and reset restores the startup ones', async () => {
    t = await startTestSim();
    const params = { accountserviceid: ASID };
    expect((await t.get('imageinstall/status', params)).status).toBe(200);
    expect((await t.admin('GET', 'credentials')).body).toEqual({ accessKeys: ['sim-access'] });

    const replaced = await t.admin('POST', 'credentials', { credentials: ['k2-access:k2-secret'] });
    expect(replaced.body).toEqual({ accessKeys: ['k2-access'] });
    expect(replaced.text).not.toContain('k2-secret');
    expect((await t.get('imageinstall/status', params)).status).toBe(401);
    expect((await t.get('imageinstall/status', params, basic('k2-access', 'k2-secret'))).status).toBe(200);

    await t.admin('POST', 'reset');
    expect((await t.get('imageinstall/status', params)).status).toBe(200);
    expect((await t.get('imageinstall/status', params, basic('k2-access', 'k2-secret'))).status).toBe(401);
  });

  it('rejects a body that is not a list of access:secret, naming the field', async () => {
    t = await startTestSim();
    for (const body of [{}, { credentials: [] }, { credentials: [7] }]) {
      const answer = await t.admin('POST', 'credentials', body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatch(/credentials must be a non-empty array/);
    }
    const malformed = await t.admin('POST', 'credentials', { credentials: ['no-colon'] });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatch(/access:secret/);
    expect((await t.get('imageinstall/status', { accountserviceid: ASID })).status).toBe(200);
  });
});
