import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerProcess } from '../../src/dev/workerProcess';
import { ChaosStack } from './stack';
import { recordFigure } from './figures';
import { sleep } from '../support/wait';

// Bounded soak on loopback: SOAK_ROLLOUTS rollouts (40 in CI; 200 for the full run) with every
// fault on, two workers on the task queue, one of them killed with SIGKILL every few seconds.
const ROLLOUTS = Number(process.env.SOAK_ROLLOUTS ?? 40);
const KILL_EVERY_MS = Number(process.env.SOAK_KILL_EVERY_MS ?? 6_000);
const FAULTS =
  'http5xx=0.03,rate429=0.03,retryAfter=1,hang=0.01,hangMs=3000,malformed=0.02,lostResponse=0.05,fail.diff=0.1';

let stack: ChaosStack;
beforeAll(async () => {
  stack = await ChaosStack.start({ speed: 300, fleet: 2, faults: FAULTS, seed: 99 });
  await Promise.all([stack.startWorker(), stack.startWorker()]);
});
afterAll(() => stack?.close());

describe('soak', () => {
  it(
    `${ROLLOUTS} rollouts, all faults, a worker killed every ${KILL_EVERY_MS / 1000} s: none lost, none duplicated`,
    { timeout: 900_000 },
    async () => {
      const started = Date.now();
      const handles = [];
      for (let i = 0; i < ROLLOUTS; i++) {
        handles.push(
          await stack.rollouts.startRollout({
            accountServiceId: 1001,
            imageId: 1000 + i,
            machineId: 7,
            diffRetries: 5,
            retryDelaySeconds: 0,
          }),
        );
      }
      let kills = 0;
      let done = false;
      const killer = (async () => {
        const alive: WorkerProcess[] = [...stack.workers];
        while (!done) {
          await sleep(KILL_EVERY_MS);
          if (done) break;
          const victim = alive.splice(Math.floor(Math.random() * alive.length), 1)[0];
          await victim?.kill9();
          kills++;
          alive.push(await stack.startWorker());
        }
      })();
      const results = await Promise.all(
        handles.map((h) => stack.rollouts.result(h.workflowId).catch((e: unknown) => e)),
      );
      done = true;
      await killer;

      let completed = 0;
      let failed = 0;
      let duplicated = 0;
      for (let i = 0; i < ROLLOUTS; i++) {
        const result = results[i] as { phase?: string };
        if (result?.phase === 'completed') completed++;
        else failed++;
        const jobs = await stack.jobsOfImage(1000 + i);
        if ((jobs.diff ?? 0) > 1 || (jobs.version ?? 0) > 1) duplicated++;
      }
      const lost = ROLLOUTS - completed - failed;
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      console.log(
        `soak: ${ROLLOUTS} rollouts in ${seconds} s, ${kills} worker kills: completed ${completed}, failed ${failed}, duplicated ${duplicated}, lost ${lost}`,
      );
      recordFigure(
        `soak (${ROLLOUTS} rollouts, ${kills} kills, ${seconds} s): completed/failed/duplicated/lost`,
        `${completed}/${failed}/${duplicated}/${lost}`,
      );
      expect({ completed, failed, duplicated, lost }).toEqual({
        completed: ROLLOUTS,
        failed: 0,
        duplicated: 0,
        lost: 0,
      });
      expect(kills).toBeGreaterThan(0);
    },
  );
});
