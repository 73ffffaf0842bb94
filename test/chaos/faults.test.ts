import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChaosStack } from './stack';
import { recordFigure } from './figures';

// Every API fault the simulator has, at once, on every call the workers make.
const FAULTS =
  'http5xx=0.08,rate429=0.08,retryAfter=1,hang=0.02,hangMs=4000,malformed=0.05,lostResponse=0.15,latencyMs=10,failFirst.diff=1';
const ROLLOUTS = 8;
const CREATES = ['imagediff/create', 'imageversion/create', 'imagediff/retry', 'imagediff/reject'];

let stack: ChaosStack;
beforeAll(async () => {
  stack = await ChaosStack.start({ speed: 120, fleet: 2, faults: FAULTS, seed: 21 });
  await stack.startWorker();
});
afterAll(() => stack?.close());

describe('API faults', () => {
  it(
    '5xx, 429, hangs, malformed bodies, failing jobs and lost create responses: every rollout completes, no job made twice',
    { timeout: 300_000 },
    async () => {
      const handles = await Promise.all(
        Array.from({ length: ROLLOUTS }, (_, i) =>
          stack.rollouts.startRollout({
            accountServiceId: 1001,
            imageId: 100 + i,
            machineId: 7,
            diffRetries: 2,
            retryDelaySeconds: 0,
          }),
        ),
      );
      const results = await Promise.all(handles.map((h) => stack.rollouts.result(h.workflowId)));
      const jobs = await Promise.all(handles.map((_, i) => stack.jobsOfImage(100 + i)));
      results.forEach((result, i) => {
        expect(result.phase).toBe('completed');
        // One diff (retried in place) and one version per rollout: one job per intent.
        expect(jobs[i]).toMatchObject({ diff: 1, version: 1 });
        expect(result.created.diffIds).toHaveLength(1);
      });
      const calls = await stack.calls();
      const createCalls = CREATES.reduce((sum, c) => sum + (calls[c] ?? 0), 0);
      const intended = ROLLOUTS * 3; // diff, version, one diff retry (failFirst.diff=1)
      console.log(
        `faults: ${ROLLOUTS} rollouts completed, each with exactly one diff and one version job; ${createCalls} create calls for ${intended} intended creates (refused 429/5xx and lost responses are asked again, never re-made)`,
      );
      recordFigure(
        'API faults: rollouts completed / lost / jobs created twice',
        `${results.filter((r) => r.phase === 'completed').length}/${ROLLOUTS - results.length}/0`,
      );
      recordFigure(
        'API faults: create calls per intended create (lost responses are re-asked, never re-made)',
        (createCalls / intended).toFixed(2),
      );
    },
  );
});
