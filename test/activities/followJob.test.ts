import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../src/activities';
import type { PollPolicy } from '../../src/activities/pollSchedule';
import type { ClanforgeClient } from '../../src/clanforge/client';
import type { RunningSimulator } from '../../src/simulator/server';
import { ACCESS, admin, clientFor, SECRET, startTestSimulator } from '../support/simulator';
import { quietTemporalRuntime } from '../support/quietRuntime';
import { startWorkerProcess } from '../support/workerProcess';
import type {
  followInstallsTestWorkflow as FollowInstallsWorkflow,
  followJobTestWorkflow as FollowJobWorkflow,
} from '../workflows/followJobWorkflows';
import { sleep, waitFor } from '../support/wait';

const ASID = 1001;
// Speed 60: a realistic 5-minute diff takes about 5 s; polls scaled down to match.
const SPEED = 60;
const POLICY: Partial<PollPolicy> = {
  minDelayMs: 100,
  maxDelayMs: 2_000,
  noEtaDelayMs: 300,
  overdueDelayMs: 150,
  etaMarginMs: 100,
  heartbeatEveryMs: 200,
};

let sim: RunningSimulator;
let clanforge: ClanforgeClient;
let connection: NativeConnection;
let temporal: Client;
let bundle: WorkflowBundleWithSourceMap;
let imageId = 500;

beforeAll(async () => {
  quietTemporalRuntime();
  sim = await startTestSimulator({ speed: SPEED, seed: 7 });
  clanforge = clientFor(sim);
  connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  temporal = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
  bundle = await bundleWorkflowCode({
    workflowsPath: resolve(__dirname, '../workflows/followJobWorkflows.ts'),
    logger: quietLogger(),
  });
});
afterAll(async () => {
  await temporal?.connection.close();
  await connection?.close();
  await sim?.close();
});
beforeEach(() => admin(sim).setFaults({}));

function quietLogger() {
  const noop = () => undefined;
  return { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
}

async function inWorker<T>(taskQueue: string, fn: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: bundle,
    activities: createActivities(clanforge),
  });
  return worker.runUntil(fn());
}

async function newDiff(): Promise<number> {
  return (await clanforge.imageDiffCreate(ASID, imageId++, 7)).diffid;
}

async function statusCalls(endpoint = 'imagediff/status'): Promise<number> {
  return (await admin(sim).stats()).calls[endpoint] ?? 0;
}

function start(taskQueue: string, id: number, heartbeatTimeoutMs = 5_000, kind: 'diff' | 'update' = 'diff') {
  return temporal.workflow.start<typeof FollowJobWorkflow>('followJobTestWorkflow', {
    taskQueue,
    workflowId: `follow-${randomUUID()}`,
    args: [{ kind, accountServiceId: ASID, id, policy: POLICY, heartbeatTimeoutMs }],
  });
}

describe('job follower under a real worker and dev server', () => {
  it('follows a diff to Completed with far fewer calls than a fixed poll', async () => {
    const taskQueue = `tq-${randomUUID()}`;
    const diffId = await newDiff();
    const before = await statusCalls();
    const result = await inWorker(taskQueue, async () => (await start(taskQueue, diffId)).result());
    expect(result.job).toMatchObject({
      kind: 'diff',
      id: diffId,
      jobstateid: 5,
      jobprogress: 100,
      jobstatename: 'Completed',
    });
    expect(result.diff).toBeDefined();
    expect(result.polls).toBe((await statusCalls()) - before);
    // The diff takes ~5 s; a fixed 200 ms poll would make ~25 calls. Eta-driven: a handful.
    expect(result.polls).toBeLessThan(15);
  });

  it('ends on a Failed job with its joberror, without failing the activity', async () => {
    await admin(sim).setFaults({ 'failFirst.diff': 1 });
    const taskQueue = `tq-${randomUUID()}`;
    const diffId = await newDiff();
    const result = await inWorker(taskQueue, async () => (await start(taskQueue, diffId)).result());
    expect(result.job!.jobstateid).toBe(6);
    expect(result.job!.joberror).toBeTruthy();
    expect(result.job!.jobfailed).toBeGreaterThanOrEqual(1);
  });

  it('waits out 5xx and 429 answers and still completes', async () => {
    const taskQueue = `tq-${randomUUID()}`;
    const diffId = await newDiff();
    await admin(sim).setFaults({ http5xx: 0.3, rate429: 0.2, retryAfter: 1 });
    const result = await inWorker(taskQueue, async () => (await start(taskQueue, diffId)).result());
    expect(result.job!.jobstateid).toBe(5);
    expect(result.errors).toBeGreaterThan(0);
  });

  it('stops polling promptly when the workflow is cancelled', async () => {
    const taskQueue = `tq-${randomUUID()}`;
    const diffId = await newDiff();
    await inWorker(taskQueue, async () => {
      // Heartbeats are throttled to 0.8 × heartbeatTimeout: that bounds how late a cancel arrives.
      const handle = await start(taskQueue, diffId, 1_000);
      const before = await statusCalls();
      await waitFor(statusCalls, (calls) => calls > before, {
        what: 'a status call after the kill',
        timeoutMs: 30_000,
      });
      await handle.cancel();
      await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
      await sleep(1_500);
      const settled = await statusCalls();
      await sleep(2_000);
      expect(await statusCalls()).toBe(settled);
    });
  });

  it('resumes on a new worker after the first is killed mid-poll, without starting over', async () => {
    const taskQueue = `tq-${randomUUID()}`;
    const env = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: taskQueue,
      CLANFORGE_BASE_URL: sim.url,
      CLANFORGE_ACCESS_KEY: ACCESS,
      CLANFORGE_SECRET_KEY: SECRET,
    };
    const script = resolve(__dirname, '../support/followerWorkerProcess.ts');
    const polls = () => statusCalls('imageupdate/status');
    const first = await startWorkerProcess(script, env);
    // An image update: ~10 s at this speed, long enough to kill the worker half-way.
    const update = await clanforge.imageUpdateCreate({
      accountServiceId: ASID,
      imageId: imageId++,
      machineId: 7,
      desc: 'kill test',
      url: 'https://builds.example/b.zip',
    });
    const before = await polls();
    const handle = await start(taskQueue, update.updateid, 2_000, 'update');
    await waitFor(polls, (n) => n - before >= 4, { what: 'four more polls', timeoutMs: 30_000 });
    // Let a throttled heartbeat (0.8 × 2 s) carry the progress to the server before the crash.
    await sleep(2_000);
    await first.kill9();
    const pollsBeforeCrash = (await polls()) - before;
    const second = await startWorkerProcess(script, env);
    try {
      const result = await handle.result();
      expect(result.job).toMatchObject({ kind: 'update', jobstateid: 5 });
      expect(result.attempt).toBeGreaterThanOrEqual(2);
      expect(result.resumedAtPoll).toBeGreaterThan(0);
      expect(result.resumedAtPoll).toBeLessThanOrEqual(pollsBeforeCrash);
      // The count carried on from the heartbeat: only polls made after the last heartbeat that
      // reached the server (heartbeats are throttled) are unaccounted, never the whole first run.
      const total = (await polls()) - before;
      expect(result.polls).toBeLessThanOrEqual(total);
      expect(total - result.polls).toBeLessThan(pollsBeforeCrash);
    } finally {
      await second.stop();
    }
  });

  it("follows a version's install jobs, one status call per poll for all of them", async () => {
    const taskQueue = `tq-${randomUUID()}`;
    const diffId = await newDiff();
    await admin(sim).complete('diff', diffId);
    const diff = await clanforge.imageDiffStatus(ASID, diffId);
    const empty =
      Object.keys(diff.added).length + Object.keys(diff.modified).length + Object.keys(diff.removed).length === 0;
    const version = await clanforge.imageVersionCreate({ accountServiceId: ASID, diffId, restart: false, full: empty });
    await admin(sim).complete('version', version.imageversionid);
    const installs = (await clanforge.imageInstallStatus(ASID)).filter(
      (i) => i.target_imageversionid === version.imageversionid,
    );
    expect(installs.length).toBeGreaterThan(1);
    const before = await statusCalls('imageinstall/status');
    const result = await inWorker(taskQueue, async () => {
      const handle = await temporal.workflow.start<typeof FollowInstallsWorkflow>('followInstallsTestWorkflow', {
        taskQueue,
        workflowId: `installs-${randomUUID()}`,
        args: [
          {
            accountServiceId: ASID,
            imageVersionId: version.imageversionid,
            jobIds: installs.map((i) => i.jobid),
            policy: POLICY,
            heartbeatTimeoutMs: 5_000,
          },
        ],
      });
      return handle.result();
    });
    expect(result.installs.map((i) => i.jobId).sort()).toEqual(installs.map((i) => i.jobid).sort());
    // The API lists incomplete jobs only: a finished install is seen to leave the list.
    expect(result.installs.every((i) => i.outcome === 'left' || i.outcome === 'completed')).toBe(true);
    expect(result.polls).toBe((await statusCalls('imageinstall/status')) - before);
  });
});
