import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClanforgeClient } from '../../src/clanforge/client';
import { ClanforgeCredentials } from '../../src/clanforge/credentials';
import { ClanforgeHttp } from '../../src/clanforge/http';
import { jobFieldsSchema } from '../../src/clanforge/schemas';
import type { RunningSimulator } from '../../src/simulator/server';
import { clanforgeFailure } from '../support/clanforgeFailure';
import { ACCESS, admin, clientFor, SECRET, startTestSimulator } from '../support/simulator';

const ASID = 1001;
let sim: RunningSimulator;
let client: ClanforgeClient;
let nextImage = 1;

const failure = clanforgeFailure;

beforeAll(async () => {
  sim = await startTestSimulator({ speed: 1 });
  client = clientFor(sim);
});
afterAll(() => sim.close());
beforeEach(async () => {
  await admin(sim).setFaults({});
});

/** A fresh image per test: each image has its own diff lock. */
function image(): number {
  return 100 + nextImage++;
}

describe('ClanforgeClient happy paths', () => {
  it('image update create and status', async () => {
    const update = await client.imageUpdateCreate({
      accountServiceId: ASID,
      imageId: image(),
      machineId: 7,
      desc: 'build 1.2.3',
      url: 's3://bucket/build.zip',
    });
    expect(update.updateid).toBeGreaterThan(0);
    expect(update.jobstateid).toBeGreaterThanOrEqual(1);
    await admin(sim).complete('update', update.updateid);
    const status = await client.imageUpdateStatus(ASID, update.updateid);
    expect(status).toMatchObject({ updateid: update.updateid, jobstateid: 5, jobprogress: 100 });
  });

  it('image diff create, status with diff_info, retry and reject', async () => {
    const diff = await client.imageDiffCreate(ASID, image(), 7);
    expect(diff.diffid).toBeGreaterThan(0);
    await admin(sim).complete('diff', diff.diffid);
    const done = await client.imageDiffStatus(ASID, diff.diffid, true);
    expect(done.jobstateid).toBe(5);
    expect(done.game).toBeDefined();
    expect(typeof done.added).toBe('object');
    const retried = await client.imageDiffRetry(ASID, diff.diffid);
    expect(retried.diffid).toBe(diff.diffid);
    expect(retried.jobstateid).toBeLessThan(5);
    await admin(sim).complete('diff', diff.diffid);
    expect(await client.imageDiffReject(ASID, diff.diffid, false)).toEqual({ diffid: diff.diffid });
  });

  it('reject with reinstall starts an uninstall job', async () => {
    const diff = await client.imageDiffCreate(ASID, image(), 7);
    await admin(sim).fail('diff', diff.diffid, 'disk full');
    const failed = await client.imageDiffStatus(ASID, diff.diffid);
    expect(failed).toMatchObject({ jobstateid: 6, joberror: 'disk full' });
    expect(failed.jobfailed).toBeGreaterThanOrEqual(1);
    const rejected = await client.imageDiffReject(ASID, diff.diffid, true);
    expect('uninstalljobid' in rejected && rejected.uninstalljobid).toBeGreaterThan(0);
  });

  it('image version create and status, then install status and queue, then v2 image status', async () => {
    const imageId = image();
    const diff = await client.imageDiffCreate(ASID, imageId, 7);
    await admin(sim).complete('diff', diff.diffid);
    const diffDone = await client.imageDiffStatus(ASID, diff.diffid);
    const empty =
      Object.keys(diffDone.added).length +
        Object.keys(diffDone.modified).length +
        Object.keys(diffDone.removed).length ===
      0;
    const version = await client.imageVersionCreate({
      accountServiceId: ASID,
      diffId: diff.diffid,
      restart: false,
      full: empty,
      gameBuild: '1.2.3',
      installAt: Math.floor(Date.now() / 1000) + 3600,
    });
    expect(version.imageversionid).toBeGreaterThan(0);
    await admin(sim).complete('version', version.imageversionid);
    expect(await client.imageVersionStatus(ASID, version.imageversionid)).toMatchObject({
      jobstateid: 5,
      jobprogress: 100,
    });

    const installs = (await client.imageInstallStatus(ASID)).filter(
      (i) => i.target_imageversionid === version.imageversionid,
    );
    expect(installs.length).toBeGreaterThan(0);
    expect(installs.every((i) => i.jobstateid <= 2)).toBe(true); // install_at is in the future: not queued yet
    const mirror = installs.find((i) => i.mirroring);
    const machine = installs.find((i) => !i.mirroring);
    expect(machine).toBeDefined();
    const queued = await client.imageInstallQueue(ASID, machine!.jobid, false);
    expect(queued.machinejobid).toBeDefined();
    expect(queued.installs_squashed).toBeGreaterThanOrEqual(0);
    // The simulator's fleet has one mirror by default.
    expect(mirror).toBeDefined();
    expect((await client.imageInstallQueue(ASID, mirror!.jobid, true)).versionmirrorid).toBeDefined();

    const rollout = await client.imageStatus(ASID, imageId, true);
    expect(rollout.pending_machines + rollout.completed_machines + rollout.failed_machines).toBe(installs.length);
  });
});

describe('ClanforgeClient errors', () => {
  it('401: wrong credentials is a permanent ClanforgeAuthError', async () => {
    const e = await failure(clientFor(sim, { secret: 'wrong' }).imageDiffCreate(ASID, image(), 7));
    expect(e).toMatchObject({ type: 'ClanforgeAuthError', httpStatus: 401, transient: false });
  });

  it('an ASID the credentials may not use is refused, naming it', async () => {
    const restricted = await startTestSimulator({ credentials: [`${ACCESS}:${SECRET}@${ASID}`] });
    try {
      const e = await failure(clientFor(restricted).imageDiffCreate(2002, image(), 7));
      expect(e.transient).toBe(false);
      expect(e.message).toMatch(/accountserviceid/);
    } finally {
      await restricted.close();
    }
  });

  it('a job of another ASID is not visible', async () => {
    const diff = await client.imageDiffCreate(ASID, image(), 7);
    const e = await failure(client.imageDiffStatus(2002, diff.diffid));
    expect(e.type).toBe('ClanforgeRejected');
    expect(e.message).toContain(`diffid=${diff.diffid}`);
  });

  it('a missing parameter is named in the error', async () => {
    const http = new ClanforgeHttp({
      baseUrl: sim.url,
      credentials: new ClanforgeCredentials(ACCESS, SECRET),
      timeoutMs: 5_000,
      maxSockets: 2,
    });
    const e = await failure(
      http.get({
        endpoint: 'imagediff/create',
        path: 'imagediff/create',
        params: { imageid: 1, machineid: 2 },
        schema: jobFieldsSchema,
        ids: {},
      }),
    );
    expect(e.type).toBe('ClanforgeRejected');
    expect(e.apiMessage).toMatch(/accountserviceid/);
  });

  it('a violated precondition carries the API text (image locked by diffid)', async () => {
    const imageId = image();
    const first = await client.imageDiffCreate(ASID, imageId, 7);
    const e = await failure(client.imageDiffCreate(ASID, imageId, 7));
    expect(e).toMatchObject({
      type: 'ClanforgeRejected',
      apiMessage: `image locked by diffid: ${first.diffid}`,
      mayHaveTakenEffect: false,
    });
    expect(e.message).toContain('imagediff/create');
    expect(e.message).toContain(`imageid=${imageId}`);
  });

  it('5xx is transient, and the next call succeeds', async () => {
    await admin(sim).setFaults({ http5xx: 1 });
    const e = await failure(client.imageDiffCreate(ASID, image(), 7));
    expect(e).toMatchObject({ type: 'ClanforgeUnavailable', transient: true });
    await admin(sim).setFaults({});
    expect((await client.imageDiffCreate(ASID, image(), 7)).diffid).toBeGreaterThan(0);
  });

  it('429 is transient, had no effect, and carries Retry-After', async () => {
    await admin(sim).setFaults({ rate429: 1, retryAfter: 3 });
    const e = await failure(client.imageInstallStatus(ASID));
    expect(e).toMatchObject({
      type: 'ClanforgeRateLimited',
      httpStatus: 429,
      retryAfterMs: 3_000,
      transient: true,
      mayHaveTakenEffect: false,
    });
  });

  it('a malformed body is a ClanforgeBadResponse', async () => {
    await admin(sim).setFaults({ malformed: 1 });
    const e = await failure(client.imageInstallStatus(ASID));
    expect(e).toMatchObject({ type: 'ClanforgeBadResponse', transient: false });
    expect(e.message).toMatch(/not JSON/);
  });

  it('a hung request times out as a transient ClanforgeTimeout', async () => {
    await admin(sim).setFaults({ hang: 1, hangMs: 3_000 });
    const e = await failure(clientFor(sim, { timeoutMs: 300 }).imageInstallStatus(ASID));
    expect(e).toMatchObject({ type: 'ClanforgeTimeout', transient: true });
  });

  it('a create whose response is lost may have taken effect, and did', async () => {
    const imageId = image();
    await admin(sim).setFaults({ lostResponse: 1 });
    const e = await failure(client.imageDiffCreate(ASID, imageId, 7));
    expect(e).toMatchObject({ type: 'ClanforgeUnavailable', transient: true, mayHaveTakenEffect: true });
    await admin(sim).setFaults({});
    const again = await failure(client.imageDiffCreate(ASID, imageId, 7));
    expect(again.apiMessage).toMatch(/^image locked by diffid: \d+$/);
  });
});
