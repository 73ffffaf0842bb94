import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RolloutStatus } from '../../src/contract/rollout/status';
import { ChaosStack } from './stack';
import { recordFigure } from './figures';
import { sleep } from '../support/wait';

// kill -9 the only worker while rollouts sit in every phase; a new worker finishes them all.
let stack: ChaosStack;
beforeAll(async () => {
  stack = await ChaosStack.start({ speed: 60, fleet: 2 });
  await stack.startWorker();
});
afterAll(() => stack?.close());

const base = { accountServiceId: 1001, machineId: 7, retryDelaySeconds: 0 };

async function pollsOf(endpoint: string): Promise<number> {
  return (await stack.calls())[endpoint] ?? 0;
}

describe('worker crash', () => {
  it('every rollout finishes as it would have, whatever phase the worker died in', { timeout: 300_000 }, async () => {
    const b = await stack.rollouts.startRollout({
      ...base,
      imageId: 2,
      installAt: Math.floor(Date.now() / 1000) + 3600,
    });
    const c = await stack.rollouts.startRollout({ ...base, imageId: 3, diffRetries: 0 });
    const cDiff = await stack.waitForStatus(c.workflowId, (s) => s.diffId !== undefined);
    await stack.admin('POST', `jobs/diff/${cDiff.diffId}/fail`, { error: 'chaos: disk full' });
    await stack.waitForStatus(c.workflowId, (s) => s.phase === 'awaiting-operator');
    await stack.waitForStatus(b.workflowId, (s) => s.phase === 'scheduled');
    // A walks through diffing, versioning and installing while the worker is killed in each.
    const a = await stack.rollouts.startRollout({ ...base, imageId: 1 });

    const kills: { phase: string; resumeAfterReadyS: number; resumeAfterKillS: number }[] = [];
    const phases: [string, (s: RolloutStatus) => boolean, string][] = [
      ['diffing', (s) => s.phase === 'diffing' && s.diffId !== undefined, 'imagediff/status'],
      ['versioning', (s) => s.phase === 'versioning' && s.imageVersionId !== undefined, 'imageversion/status'],
      ['installing', (s) => s.phase === 'installing' && (s.installs?.open ?? 0) > 0, 'imageinstall/status'],
    ];
    for (const [phase, reached, endpoint] of phases) {
      await stack.waitForStatus(a.workflowId, reached);
      // Let the follower make a poll first.
      await sleep(1_000);
      const killedAt = Date.now();
      await stack.workers.at(-1)!.kill9();
      const pollsAtKill = await pollsOf(endpoint);
      const worker = await stack.startWorker();
      const readyAt = Date.now();
      while ((await pollsOf(endpoint)) === pollsAtKill) await sleep(50);
      console.log(
        `killed in ${phase}: polling resumed ${((Date.now() - readyAt) / 1000).toFixed(1)} s after the new worker was ready`,
      );
      kills.push({
        phase,
        resumeAfterReadyS: (Date.now() - readyAt) / 1000,
        resumeAfterKillS: (Date.now() - killedAt) / 1000,
      });
      void worker;
    }
    // Operators act on the two rollouts that waited through the crashes.
    await stack.rollouts.retryRollout(c.workflowId);
    await stack.rollouts.proceedNow(b.workflowId);

    for (const [rollout, imageId] of [
      [a, 1],
      [b, 2],
      [c, 3],
    ] as const) {
      const result = await stack.rollouts.result(rollout.workflowId);
      expect(result.phase).toBe('completed');
      expect(result.installs).toMatchObject({ open: 0, failed: 0 });
      expect(result.fleet).toMatchObject({ pendingMachines: 0, failedMachines: 0 });
      // Exactly one diff and one version job per rollout: nothing was created twice.
      expect(await stack.jobsOfImage(imageId)).toMatchObject({ diff: 1, version: 1 });
    }
    console.log('worker crash recovery', JSON.stringify(kills));
    recordFigure(
      'worker crash: polling resumes after new worker ready (s)',
      kills.map((k) => `${k.phase} ${k.resumeAfterReadyS.toFixed(1)}`).join(', '),
    );
    recordFigure(
      'worker crash: polling resumes after kill -9 (s)',
      kills.map((k) => `${k.phase} ${k.resumeAfterKillS.toFixed(1)}`).join(', '),
    );
  });

  it(
    'polling between attempts: after kill -9 the next planned poll happens on time, with no heartbeat timeout to wait out',
    { timeout: 180_000 },
    async () => {
      // Default input.
      const { workflowId } = await stack.rollouts.startRollout({ accountServiceId: 1001, machineId: 7, imageId: 4401 });
      const running = await stack.waitForStatus(
        workflowId,
        (s) => s.phase === 'versioning' && s.job?.kind === 'version' && s.job.jobstatename === 'Running',
        120_000,
      );
      expect(running.job?.jobeta).toBeDefined();
      const follower = async () =>
        (await stack.rollouts.handle(workflowId).describe()).raw.pendingActivities?.find(
          (a) => a.activityType?.name === 'followJob',
        );
      // Wait until the follower sits between polls, its next one planned.
      let planned = await follower();
      while (!planned?.nextAttemptScheduleTime) {
        await sleep(50);
        planned = await follower();
      }
      const plannedAt =
        Number(planned.nextAttemptScheduleTime.seconds) * 1000 +
        Math.floor(Number(planned.nextAttemptScheduleTime.nanos ?? 0) / 1e6);
      const polls = await pollsOf('imageversion/status');
      const killedAt = Date.now();
      await stack.workers.at(-1)!.kill9();
      await stack.startWorker();
      const dueAt = Math.max(plannedAt, Date.now());
      while ((await pollsOf('imageversion/status')) === polls) await sleep(20);
      const polledAt = Date.now();
      // How late against when the poll was due and a worker was up to make it: a bench figure.
      const lateMs = polledAt - dueAt;
      console.log(`kill -9 between polls: the next poll came ${lateMs} ms after it was planned`);
      recordFigure('worker crash: next poll after its planned time (ms)', String(lateMs));
      // The server dispatched the planned attempt to the new worker: nothing timed out first (a
      // poll attempt's heartbeat timeout is a minute), so the poll came well within it.
      expect(polledAt).toBeLessThan(killedAt + 30_000);
      expect((await stack.rollouts.result(workflowId)).phase).toBe('completed');
    },
  );

  it(
    'deadlines while a person is needed are durable timers: reminders and the auto-cancel come through a worker kill',
    { timeout: 180_000 },
    async () => {
      // Reminders every 6 s, cancelled after 30 s without an action; the only worker is down from 1 s
      // until well past the first two reminders (a new worker takes a few seconds to be ready).
      const { workflowId } = await stack.rollouts.startRollout({
        ...base,
        imageId: 4402,
        requireApproval: true,
        remindEveryMinutes: 0.1,
        autoCancelAfterMinutes: 0.5,
      });
      const waiting = await stack.waitForStatus(workflowId, (s) => s.phase === 'awaiting-approval');
      const since = Date.parse(waiting.awaiting!.since);
      await sleep(1_000);
      await stack.workers.at(-1)!.kill9();
      await sleep(9_000);
      await stack.startWorker();
      const result = await stack.rollouts.result(workflowId);
      expect(result.phase).toBe('cancelled');
      expect(result.reason).toMatch(/^auto-cancelled: no one acted for 3\d s in awaiting-approval/);
      // The reminders that fell due while no worker ran are sent as one when a worker is back
      // (numbered by the time waited); then one every 6 s.
      const reminders = result.timeline.filter((e) => e.event.startsWith('reminder '));
      expect(Date.parse(reminders[0]!.at) - since).toBeGreaterThan(10_000);
      expect(Number(/^reminder (\d+)/.exec(reminders[0]!.event)![1])).toBeGreaterThanOrEqual(2);
      expect(reminders.length).toBeGreaterThanOrEqual(2);
      expect(reminders.map((e) => e.event.split(':')[0]).at(-1)).toMatch(/^reminder [45]$/);
      // Cancelled when due, not before, and after the reminders: the last one is the 4th or 5th
      // (above), so it was not a reminder interval late either.
      const cancel = result.timeline.findIndex((e) => e.event.startsWith('auto-cancelled'));
      const cancelledAt = Date.parse(result.timeline[cancel]!.at);
      expect(cancelledAt - since).toBeGreaterThanOrEqual(30_000);
      expect(cancel).toBeGreaterThan(result.timeline.lastIndexOf(reminders.at(-1)!));
    },
  );
});
