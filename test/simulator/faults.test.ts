import { afterEach, describe, expect, it } from 'vitest';
import { ASID, AUTH, finish, startTestSim, type TestSim } from './helpers';

let t: TestSim;
afterEach(async () => t.close());

const createDiff = () => t.get('imagediff/create', { accountserviceid: ASID, imageid: 10, machineid: 20 });
const rawCreate = () =>
  fetch(`${t.sim.url}/imagediff/create?accountserviceid=1&imageid=10&machineid=20`, {
    headers: { Authorization: AUTH },
  });

describe('fault injection', () => {
  it('http5xx answers 500/502/503 with a body and performs nothing', async () => {
    t = await startTestSim({ faults: 'http5xx=1,retryAfter=4' });
    const statuses = new Set<number>();
    const retryAfterOf503: (string | null)[] = [];
    for (let i = 0; i < 12; i++) {
      const reply = await createDiff();
      statuses.add(reply.status);
      expect(reply.text.length).toBeGreaterThan(0);
      if (reply.status === 503) retryAfterOf503.push(reply.headers.get('retry-after'));
    }
    // The seeded simulator answers some 503s among the 12; each of them says when to retry.
    expect(retryAfterOf503.length).toBeGreaterThan(0);
    expect(retryAfterOf503).toEqual(retryAfterOf503.map(() => '4'));
    expect([...statuses].every((s) => [500, 502, 503].includes(s))).toBe(true);
    expect(statuses.size).toBeGreaterThan(1);
    expect(t.sim.store.jobs.size).toBe(0);
    expect((await t.admin('GET', 'stats')).status).toBe(200); // never on /_sim/
  });

  it('rate429 answers 429 with Retry-After', async () => {
    t = await startTestSim({ faults: 'rate429=1,retryAfter=7' });
    const reply = await createDiff();
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('7');
    expect(reply.body.error).toBe(true);
  });

  it('malformed answers 200 with truncated JSON', async () => {
    t = await startTestSim({ faults: 'malformed=1' });
    const reply = await t.get('imageinstall/status', { accountserviceid: ASID });
    expect(reply.status).toBe(200);
    expect(reply.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(reply.text) as unknown).toThrow();
  });

  it('hang never answers and drops the socket after hangMs', async () => {
    t = await startTestSim({ faults: 'hang=1,hangMs=150' });
    const started = Date.now();
    await expect(createDiff()).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await t.admin('GET', 'health')).body.ok).toBe(true);
  });

  it('latencyMs delays every API answer', async () => {
    t = await startTestSim({ faults: 'latencyMs=120' });
    const started = Date.now();
    expect((await t.get('imageinstall/status', { accountserviceid: ASID })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('lostResponse performs the action, then destroys the socket (create endpoints only)', async () => {
    t = await startTestSim({ faults: 'lostResponse=1' });
    await expect(rawCreate()).rejects.toThrow();
    const jobs = await t.admin('GET', 'jobs?kind=diff');
    expect(jobs.body.jobs).toHaveLength(1);
    const diffid = jobs.body.jobs[0].id as number;
    // Status endpoints are not affected, and the lock proves the diff exists.
    expect((await t.get(`imagediff/${diffid}/status`, { accountserviceid: ASID })).body.diffid).toBe(diffid);
    await expect(rawCreate()).rejects.toThrow();
    await t.admin('POST', 'faults', {});
    expect((await createDiff()).body.error_message).toBe(`image locked by diffid: ${diffid}`);
  });

  it('failFirst fails the first N attempts; fail.<kind>=1 fails every job with a realistic joberror', async () => {
    t = await startTestSim({ faults: 'failFirst.version=1,fail.update=1' });
    const update = await t.get('imageupdate/create', {
      accountserviceid: ASID,
      imageid: 11,
      machineid: 20,
      desc: 'x',
      url: 'https://x/b.zip',
    });
    finish(t, update.body.updateid as number);
    const failedUpdate = await t.get(`imageupdate/${update.body.updateid as number}/status`, {
      accountserviceid: ASID,
    });
    expect(failedUpdate.body).toMatchObject({
      jobstateid: 6,
      success: false,
      jobfailed: 1,
      joberror: expect.stringMatching(/^update failed: /) as string,
    });
    const diffid = (await createDiff()).body.diffid as number;
    finish(t, diffid);
    const v = await t.get('imageversion/create', { accountserviceid: ASID, diffid, restart: 0 });
    finish(t, v.body.imageversionid as number);
    const status = await t.get(`imageversion/${v.body.imageversionid as number}/status`, { accountserviceid: ASID });
    expect(status.body).toMatchObject({
      jobstateid: 6,
      jobstatename: 'Failed',
      joberror: expect.stringMatching(/^version failed: /) as string,
    });
    expect((await t.get('imageinstall/status', { accountserviceid: ASID })).body.installs).toEqual([]);
  });

  it('stall.<kind>=1 keeps a job Running, still, past its eta until /_sim/jobs ends it', async () => {
    t = await startTestSim({ faults: 'stall.diff=1' });
    const diffid = (await createDiff()).body.diffid as number;
    const { runningAt, duration } = t.job(diffid).timeline;
    t.clock.t = runningAt + 1;
    const running = (await t.get(`imagediff/${diffid}/status`, { accountserviceid: ASID })).body;
    expect(running).toMatchObject({ jobstateid: 4, jobstatename: 'Running' });
    // Ten planned runs later: still Running, with the same jobupdated and eta (nothing moves).
    t.clock.t = runningAt + 10 * duration;
    const later = (await t.get(`imagediff/${diffid}/status`, { accountserviceid: ASID })).body;
    expect(later).toMatchObject({ jobstateid: 4, jobupdated: running.jobupdated, jobeta: running.jobeta });
    expect(later.jobeta as number).toBeLessThan(t.clock.t / 1000);
    expect((await t.admin('POST', `jobs/diff/${diffid}/complete`)).status).toBe(200);
    expect((await t.get(`imagediff/${diffid}/status`, { accountserviceid: ASID })).body.jobstateid).toBe(5);
  });

  it('POST /_sim/faults replaces the config and names a bad key', async () => {
    t = await startTestSim({ faults: 'rate429=1' });
    const set = await t.admin('POST', 'faults', { http5xx: 0, 'fail.diff': 0.5 });
    expect(set.body).toMatchObject({ rate429: 0, 'fail.diff': 0.5 });
    expect((await t.get('imageinstall/status', { accountserviceid: ASID })).status).toBe(200);
    const bad = await t.admin('POST', 'faults', { nope: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/unknown fault key: nope/);
    expect((await t.admin('GET', 'faults')).body['fail.diff']).toBe(0.5);
  });

  it('is deterministic for a seed', async () => {
    const run = async (): Promise<number[]> => {
      t = await startTestSim({ faults: 'http5xx=0.5', seed: 7 });
      const out: number[] = [];
      for (let i = 0; i < 10; i++) out.push((await t.get('imageinstall/status', { accountserviceid: ASID })).status);
      await t.close();
      return out;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it('etaSkew reports the eta late or early by that share of the run, and the end stays put', async () => {
    t = await startTestSim({ faults: 'etaSkew=0.5' });
    const id = (await createDiff()).body.diffid as number;
    const tl = t.job(id).timeline;
    t.clock.t = tl.runningAt + 1;
    const running = (await t.get(`imagediff/${id}/status`, { accountserviceid: ASID })).body;
    expect(running.jobeta).toBe(Math.floor((tl.runningAt + tl.duration * 1.5) / 1000));
    finish(t, id);
    expect((await t.get(`imagediff/${id}/status`, { accountserviceid: ASID })).body.jobstateid).toBe(5);
  });

  it('remembers when a client first saw a job ended (benchmark lag)', async () => {
    t = await startTestSim();
    const id = (await createDiff()).body.diffid as number;
    finish(t, id);
    t.clock.advance(250);
    await t.get(`imagediff/${id}/status`, { accountserviceid: ASID });
    t.clock.advance(1_000);
    await t.get(`imagediff/${id}/status`, { accountserviceid: ASID });
    expect(t.job(id).observedDoneAt! - t.job(id).timeline.endAt).toBe(251);
  });
});
