import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { RolloutClient } from '../../src/client';
import type { RolloutStatus } from '../../src/contract/rollout/status';
import { freePort } from '../../src/temporal/freePort';
import { CHAOS_ACCESS, CHAOS_SECRET, ChaosStack } from './stack';
import { recordFigure } from './figures';
import { sleep, waitFor } from '../support/wait';

// One worker whose Clanforge keys are wrong must not poison the queue it shares (issue 20, item 4):
// it takes no Clanforge work, says why on /ready, and goes back to work once its keys are accepted.

let stack: ChaosStack;
beforeAll(async () => {
  stack = await ChaosStack.start({ speed: 120, fleet: 2 });
});
afterAll(() => stack?.close());

interface Ready {
  status: number;
  body: { ready?: boolean; clanforge?: { credentials?: string; reason?: string } };
}

async function ready(port: number): Promise<Ready> {
  const response = await fetch(`http://127.0.0.1:${port}/ready`);
  return { status: response.status, body: (await response.json()) as Ready['body'] };
}

/** A worker that reads its keys from `file` only (empty key variables count as unset), with /ready on a port. */
async function fileWorker(file: string, queue: string) {
  const port = await freePort();
  const worker = await stack.startWorker({
    CLANFORGE_ACCESS_KEY: '',
    CLANFORGE_SECRET_KEY: '',
    CLANFORGE_CREDENTIALS_FILE: file,
    TEMPORAL_TASK_QUEUE: queue,
    METRICS_PORT: String(port),
  });
  onTestFinished(() => worker.stop());
  return { worker, port };
}

const CREATES = ['imageupdate/create', 'imagediff/create', 'imageversion/create', 'imageinstall/queue'];
const creates = (calls: Record<string, number>) => CREATES.reduce((sum, endpoint) => sum + (calls[endpoint] ?? 0), 0);
const settled = (s: RolloutStatus) =>
  s.phase === 'completed' || s.phase === 'awaiting-operator' || s.phase === 'failed';

describe('a worker whose Clanforge credentials are rejected', () => {
  it(
    'takes no Clanforge work, is not ready with the reason, and resumes by itself when its file is fixed',
    { timeout: 180_000 },
    async () => {
      const file = join(stack.dir, 'wrong-credentials');
      writeFileSync(file, `${CHAOS_ACCESS}:${CHAOS_SECRET}-but-wrong\n`);
      const queue = `${stack.taskQueue}-alone`;
      const { worker, port } = await fileWorker(file, queue);

      const notReady = await waitFor(
        () => ready(port),
        (r) => r.body.clanforge?.credentials === 'rejected',
        { what: '/ready saying the credentials are rejected', timeoutMs: 30_000 },
      );
      expect(notReady.status).toBe(503);
      expect(notReady.body.ready).toBe(false);
      expect(notReady.body.clanforge?.reason).toMatch(/rejected \(HTTP 401 .*takes no Clanforge work/);
      expect(worker.output()).toContain('clanforge credentials rejected');

      const before = creates(await stack.calls());
      const client = new RolloutClient(stack.rollouts.temporal, queue);
      const { workflowId } = await client.startRollout({
        accountServiceId: 1001,
        imageId: 300,
        machineId: 7,
        updateUrl: 'https://builds.example/alone.zip',
        gameBuild: 'alone-1',
      });
      onTestFinished(async () => {
        const handle = client.handle(workflowId);
        if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test cleanup');
      });
      // The rollout's workflow task runs (queries are answered), its first activity is scheduled...
      const pending = () =>
        client
          .handle(workflowId)
          .describe()
          .then((d) => d.raw.pendingActivities ?? []);
      await waitFor(pending, (list) => list.length > 0, { what: 'a scheduled activity' });
      expect((await client.getRollout(workflowId)).phase).not.toBe('awaiting-operator');
      // ...and no worker takes it: this one does not poll for activities while its keys are rejected.
      await sleep(3_000);
      const waiting = await pending();
      expect(waiting.map((a) => a.state)).toEqual([
        temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED,
      ]);
      expect(waiting[0]?.attempt).toBe(1);
      expect(creates(await stack.calls()) - before).toBe(0);

      // The operator fixes the file; the same process notices, checks, and goes back to work.
      const pid = worker.child.pid;
      writeFileSync(file, `${CHAOS_ACCESS}:${CHAOS_SECRET}\n`);
      const readyAgain = await waitFor(
        () => ready(port),
        (r) => r.status === 200,
        { what: '/ready 200 after the file was fixed', timeoutMs: 30_000 },
      );
      expect(readyAgain.body.clanforge?.credentials).toBe('accepted');
      expect((await client.result(workflowId)).phase).toBe('completed');
      expect(worker.child.pid).toBe(pid);
      expect(worker.output()).toContain('clanforge credentials accepted again');
    },
  );

  it('a Clanforge error in a status names the worker identity that got it', { timeout: 120_000 }, async () => {
    // Keys accepted, but only for account 1001: a rollout of account 1002 meets a refusal.
    await stack.admin('POST', 'credentials', { credentials: [`${CHAOS_ACCESS}:${CHAOS_SECRET}@1001`] });
    onTestFinished(() => stack.admin('POST', 'credentials', { credentials: [`${CHAOS_ACCESS}:${CHAOS_SECRET}`] }));
    const queue = `${stack.taskQueue}-identity`;
    const worker = await stack.startWorker({ TEMPORAL_TASK_QUEUE: queue });
    onTestFinished(() => worker.stop());
    const client = new RolloutClient(stack.rollouts.temporal, queue);
    const { workflowId } = await client.startRollout({ accountServiceId: 1002, imageId: 301, machineId: 7 });
    onTestFinished(async () => {
      await client.cancelRollout(workflowId, 'identity test');
    });
    const waiting = await stack.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator');
    expect(waiting.lastError).toMatch(/not accessible with these credentials/);
    expect(waiting.lastError).toContain(`(worker ${worker.child.pid}@${hostname()})`);
  });

  it('shares a queue with a good worker: 20 rollouts all complete', { timeout: 300_000 }, async () => {
    const file = join(stack.dir, 'shared-wrong-credentials');
    writeFileSync(file, `${CHAOS_ACCESS}:${CHAOS_SECRET}-but-wrong\n`);
    const queue = `${stack.taskQueue}-shared`;
    // The bad one first, so that it is polling before any rollout starts.
    const bad = await fileWorker(file, queue);
    const good = await stack.startWorker({ TEMPORAL_TASK_QUEUE: queue });
    onTestFinished(() => good.stop());
    const client = new RolloutClient(stack.rollouts.temporal, queue);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { workflowId } = await client.startRollout({
        accountServiceId: 1001,
        imageId: 400 + i,
        machineId: 7,
        updateUrl: `https://builds.example/shared-${i}.zip`,
        gameBuild: `shared-${i}`,
      });
      ids.push(workflowId);
    }
    const ends = await Promise.all(ids.map((id) => waitForStatusOn(client, id)));
    const completed = ends.filter((s) => s.phase === 'completed').length;
    recordFigure('bad-credential worker + good worker: rollouts completed of 20', String(completed));
    console.log(`bad-credential worker + good worker: ${completed} of 20 rollouts completed`);
    expect(ends.filter((s) => s.phase !== 'completed').map((s) => `${s.phase}: ${s.lastError ?? ''}`)).toEqual([]);
    expect(completed).toBe(20);
    expect((await ready(bad.port)).status).toBe(503);
  });
});

function waitForStatusOn(client: RolloutClient, workflowId: string): Promise<RolloutStatus> {
  return waitFor(() => client.getRollout(workflowId), settled, {
    what: `rollout ${workflowId} completed or waiting for an operator`,
    timeoutMs: 240_000,
    everyMs: 500,
  });
}
