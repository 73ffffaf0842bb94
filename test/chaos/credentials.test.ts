import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { RolloutClient } from '../../src/client';
import type { RolloutStatus } from '../../src/contract/rollout/status';
import { CHAOS_ACCESS, CHAOS_SECRET, ChaosStack } from './stack';
import { recordFigure } from './figures';
import { sleep, waitFor } from '../support/wait';

const run = promisify(execFile);
const BASIC = Buffer.from(`${CHAOS_ACCESS}:${CHAOS_SECRET}`).toString('base64');
/** The keys Clanforge hands out at a rotation: the scan below looks for them too. */
const ROTATED_ACCESS = 'chaos-access-rotated';
const ROTATED_SECRET = 'Rt8-ROTATED-SECRET-do-not-leak-2Wm';
const ROTATED_BASIC = Buffer.from(`${ROTATED_ACCESS}:${ROTATED_SECRET}`).toString('base64');
const needles = [CHAOS_SECRET, BASIC, ROTATED_SECRET, ROTATED_BASIC];

let stack: ChaosStack;
beforeAll(async () => {
  stack = await ChaosStack.start({ speed: 120, fleet: 2, faults: 'http5xx=0.05,malformed=0.05,lostResponse=0.1' });
  await stack.startWorker();
});
afterAll(() => stack?.close());

function leaks(text: string): string[] {
  return needles.filter((needle) => text.includes(needle));
}

describe('credentials', () => {
  it(
    'keys Clanforge rejects make no create call: the rollout waits for a worker whose keys are accepted',
    { timeout: 120_000 },
    async () => {
      // No injected faults here: a lost response would rightly be asked again, and this counts creates.
      await stack.admin('POST', 'faults', {});
      const wrong = await stack.startWorker({
        CLANFORGE_SECRET_KEY: `${CHAOS_SECRET}-but-wrong`,
        TEMPORAL_TASK_QUEUE: `${stack.taskQueue}-wrong`,
      });
      onTestFinished(() => wrong.stop());
      await waitFor(
        () => wrong.output(),
        (output) => output.includes('clanforge credentials rejected'),
        { what: 'the rejection in the worker log' },
      );
      const before = (await stack.calls())['imagediff/create'] ?? 0;
      const other = new RolloutClient(stack.rollouts.temporal, `${stack.taskQueue}-wrong`);
      const { workflowId } = await other.startRollout({ accountServiceId: 1001, imageId: 200, machineId: 7 });
      // The scan below reads every workflow's result: this one must not be left running.
      onTestFinished(async () => {
        await other.handle(workflowId).terminate('bad credentials');
      });
      await sleep(3_000);
      expect((await other.getRollout(workflowId)).phase).not.toBe('awaiting-operator');
      expect(((await stack.calls())['imagediff/create'] ?? 0) - before).toBe(0);
    },
  );

  it(
    'a rotated CLANFORGE_CREDENTIALS_FILE is picked up by the running worker: retry resumes a rollout stopped by the 401',
    { timeout: 180_000 },
    async () => {
      await stack.admin('POST', 'faults', {});
      const file = join(stack.dir, 'clanforge-credentials');
      writeFileSync(file, `# rotated by the test\n${CHAOS_ACCESS}:${CHAOS_SECRET}\n`);
      const queue = `${stack.taskQueue}-rotation`;
      // Empty key variables count as unset: this worker reads its keys from the file only.
      const worker = await stack.startWorker({
        CLANFORGE_ACCESS_KEY: '',
        CLANFORGE_SECRET_KEY: '',
        CLANFORGE_CREDENTIALS_FILE: file,
        TEMPORAL_TASK_QUEUE: queue,
      });
      const pid = worker.child.pid;
      const rotation = new RolloutClient(stack.rollouts.temporal, queue);
      const { workflowId } = await rotation.startRollout({
        accountServiceId: 1001,
        imageId: 203,
        machineId: 7,
        updateUrl: 'https://builds.example/rotation.zip',
        gameBuild: 'rotation-1',
        requireApproval: true,
      });
      // Whatever happens, the rest of the suite gets back the keys its workers hold, and no
      // rollout of this test is left waiting (the scan below reads every workflow's result).
      onTestFinished(async () => {
        await stack.admin('POST', 'credentials', { credentials: [`${CHAOS_ACCESS}:${CHAOS_SECRET}`] });
        const handle = rotation.handle(workflowId);
        if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('credentials test cleanup');
        await worker.stop();
      });
      // Update and diff done with the old keys; Clanforge stops accepting them while the rollout
      // waits for approval, so the version it makes next meets the 401.
      await stack.waitForStatus(workflowId, (s) => s.phase === 'awaiting-approval');
      await stack.admin('POST', 'credentials', { credentials: [`${ROTATED_ACCESS}:${ROTATED_SECRET}`] });
      await rotation.approveRollout(workflowId);
      const waiting = await stack.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator');
      expect(waiting.lastError).toMatch(/HTTP 401/);

      // The operator puts the new keys in the file (as a secret store would) and retries.
      writeFileSync(file, `${ROTATED_ACCESS}:${ROTATED_SECRET}\n`);
      await rotation.retryRollout(workflowId);
      // Either it goes through, or the retry met a 401 again and waits anew (one more error noted).
      const errors = (s: RolloutStatus) => s.timeline.filter((entry) => entry.event.startsWith('error:')).length;
      const settled = await stack.waitForStatus(
        workflowId,
        (s) => s.phase === 'completed' || (s.phase === 'awaiting-operator' && errors(s) > errors(waiting)),
      );
      expect(settled.phase, settled.lastError ?? '').toBe('completed');
      expect((await rotation.result(workflowId)).phase).toBe('completed');

      // Same worker process, never restarted; it said which access key it picked up.
      expect(worker.child.pid).toBe(pid);
      expect(worker.child.exitCode).toBeNull();
      expect(worker.output()).toMatch(new RegExp(`"accessKey":"${ROTATED_ACCESS}"[^\\n]*credentials changed`));
    },
  );

  it(
    'the secret and the Basic header appear in no history, search attribute, query, log line or error',
    { timeout: 180_000 },
    async () => {
      // One rollout whose diff fails (then cancelled), one that completes, plus the rejected one above.
      const faults = { http5xx: 0.05, malformed: 0.05, lostResponse: 0.1 };
      await stack.admin('POST', 'faults', { ...faults, 'failFirst.diff': 1 });
      const failing = await stack.rollouts.startRollout({
        accountServiceId: 1001,
        imageId: 201,
        machineId: 7,
        diffRetries: 0,
      });
      await stack.waitForStatus(failing.workflowId, (s) => s.diffId !== undefined);
      await stack.admin('POST', 'faults', faults);
      const ok = await stack.rollouts.startRollout({
        accountServiceId: 1001,
        imageId: 202,
        machineId: 7,
        updateUrl: 'https://builds.example/b.zip',
        gameBuild: 'scan-1',
      });
      await stack.waitForStatus(failing.workflowId, (s) => s.phase === 'awaiting-operator');
      await stack.rollouts.cancelRollout(failing.workflowId, 'scan');
      await stack.rollouts.result(failing.workflowId);
      await stack.rollouts.result(ok.workflowId);

      let scanned = 0;
      const found: string[] = [];
      const scan = (what: string, text: string) => {
        scanned += text.length;
        for (const leak of leaks(text))
          found.push(`${what} contains ${leak.includes('SECRET') ? 'a secret' : 'a Basic header'}`);
      };
      const listed = JSON.parse(
        (
          await run(
            inject('temporalCli'),
            ['workflow', 'list', '--address', stack.server.address, '--output', 'json'],
            { maxBuffer: 64 << 20 },
          )
        ).stdout || '[]',
      ) as unknown[];
      const ids = new Set<string>([
        failing.workflowId,
        ok.workflowId,
        ...listed
          .map((w) => (w as { execution?: { workflowId?: string } }).execution?.workflowId ?? '')
          .filter(Boolean),
      ]);
      for (const id of ids) {
        const handle = stack.rollouts.handle(id);
        scan(`history of ${id}`, JSON.stringify(await handle.fetchHistory()));
        const description = await handle.describe();
        scan(`search attributes of ${id}`, JSON.stringify(description.searchAttributes));
        scan(
          `status query of ${id}`,
          JSON.stringify(await stack.rollouts.getRollout(id).catch((e: unknown) => String(e))),
        );
        scan(
          `result of ${id}`,
          JSON.stringify(await stack.rollouts.result(id).catch((e: unknown) => `${String(e)} ${(e as Error).stack}`)),
        );
      }
      let logs = '';
      for (const file of readdirSync(stack.dir).filter((f) => f.endsWith('.log'))) {
        const text = readFileSync(join(stack.dir, file), 'utf8');
        logs += text;
        scan(file, text);
      }
      // The scan does see what the logs say: the access key (not secret) is logged at start-up.
      expect(logs).toContain(CHAOS_ACCESS);
      recordFigure('credential scan: bytes scanned / secrets found', `${scanned}/${found.length}`);
      console.log(
        `credential scan: ${ids.size} workflows, ${scanned} bytes of histories, queries, results and logs; found ${found.length}`,
      );
      expect(scanned).toBeGreaterThan(10_000);
      expect(found).toEqual([]);
    },
  );
});
