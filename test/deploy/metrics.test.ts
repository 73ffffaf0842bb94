import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/temporal/freePort';
import { ChaosStack } from '../chaos/stack';
import { pollHttp } from '../support/pollHttp';

// The worker process as deployed: METRICS_PORT serves readiness, the SDK's metrics and ours.
let stack: ChaosStack;
let port: number;
beforeAll(async () => {
  stack = await ChaosStack.start({ speed: 200, fleet: 2 });
  port = await freePort();
  await stack.startWorker({ METRICS_PORT: String(port), LOG_LEVEL: 'info' });
});
afterAll(() => stack?.close());

describe('worker metrics and readiness', () => {
  it(
    'serves /ready, and /metrics with SDK and rollout metrics during and after a rollout',
    { timeout: 120_000 },
    async () => {
      // "worker ready" is logged a moment before the health server listens and the first Temporal probe answers.
      await pollHttp(`http://127.0.0.1:${port}/ready`, (a) => a.status === 200, 10_000);
      const { workflowId } = await stack.rollouts.startRollout({ accountServiceId: 1001, imageId: 5, machineId: 7 });
      await stack.waitForStatus(workflowId, (s) => s.phase === 'versioning');
      const during = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(during).toMatch(/^temporal_\w+/m);
      expect(during).toMatch(/^clanforge_rollout_started_total 1$/m);
      expect(during).toMatch(
        /^clanforge_api_calls_total\{endpoint="imagediff\/create",outcome="ok",class="none"\} 1$/m,
      );
      // Counted by Temporal's visibility, so the running rollout shows in its phase.
      expect(during).toMatch(/^clanforge_rollouts\{phase="versioning"\} 1$/m);
      expect(during).toMatch(/^clanforge_rollout_jobs_warning\{kind="overdue"\} 0$/m);
      expect(during).toMatch(/^clanforge_releases\{phase="awaiting-promotion"\} 0$/m);
      // The /ready verdict, and the final-phase counters from 0 (the alerts take increase() of them).
      expect(during).toMatch(/^clanforge_worker_ready 1$/m);
      expect(during).toMatch(/^clanforge_rollout_ended_total\{phase="failed"\} 0$/m);
      expect((await stack.rollouts.result(workflowId)).phase).toBe('completed');
      const after = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(after).toMatch(/^clanforge_rollout_ended_total\{phase="completed"\} 1$/m);
      expect(after).toMatch(/^clanforge_rollout_phase_seconds_count\{phase="diffing"\} 1$/m);
      expect(after).toMatch(/^clanforge_rollout_status_polls_total\{endpoint="imageversion\/status"\} \d+$/m);
    },
  );
});
