import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../src/activities';
import type { PollPolicy } from '../../src/activities/pollSchedule';
import type { ClanforgeClient } from '../../src/clanforge/client';
import type { RunningSimulator } from '../../src/simulator/server';
import { admin, clientFor, startTestSimulator } from '../support/simulator';
import { quietTemporalRuntime } from '../support/quietRuntime';
import type { followJobTestWorkflow as FollowJobWorkflow } from '../workflows/followJobWorkflows';
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
      // Between polls nothing runs: the cancel reaches the scheduled attempt at once.
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
});
