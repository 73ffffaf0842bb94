import { describe, expect, it } from 'vitest';
import { useRolloutHarness } from '../support/useRolloutHarness';

// What the rollout says about real fleets, against the real dev server: counts that do not grow
// with the fleet, the v2 image status as the fleet's truth, and warnings for what is stuck.
const ASID = 1001;
const KB = 1024;
const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('a 10,000-machine fleet', () => {
  // Speed 60 gives the installs ~8 s: at 600 (0.8 s) a loaded CI machine let them all finish
  // before the first listing, which is a legitimate "ran before the rollout looked" and no
  // test of the counting.
  const h = useRolloutHarness({ speed: 60, fleet: 10_000, mirrors: 100 });

  it(
    'completes with every machine counted, and its status and result each stay under 100 KB',
    { timeout: 300_000 },
    async () => {
      const { workflowId } = await h.rollouts.startRollout({
        accountServiceId: ASID,
        imageId: 71,
        machineId: 7,
        gameBuild: 'fleet-10k',
      });
      // The whole install may still end within one follow, so `installing` can pass unseen.
      const installing = await h.waitForStatus(
        workflowId,
        (s) => (s.phase === 'installing' && (s.installs?.jobsSeen ?? 0) > 0) || s.phase === 'completed',
        180_000,
      );
      expect(size(installing)).toBeLessThan(100 * KB);
      const result = await h.rollouts.result(workflowId);
      expect(result.phase).toBe('completed');
      expect(result.installs).toMatchObject({ jobsSeen: 10_000, open: 0, failed: 0, done: 10_000, failedTotal: 0 });
      expect(result.fleet).toEqual({ pendingMachines: 0, failedMachines: 0, completedMachines: 10_000 });
      expect(Object.values(result.installs!.byLocation).reduce((n, l) => n + l.completedMachines, 0)).toBe(10_000);
      expect(size(result)).toBeLessThan(100 * KB);
      expect(size(await h.rollouts.getRollout(workflowId))).toBeLessThan(100 * KB);
      // No payload in the history carries the fleet: the largest event is small too.
      const history = await h.temporal.workflow.getHandle(workflowId).fetchHistory();
      const largest = Math.max(...(history.events ?? []).map((e) => size(e)));
      expect(largest).toBeLessThan(100 * KB);
    },
  );
});

describe('the fleet as the v2 image status tells it', () => {
  const h = useRolloutHarness({ speed: 60, fleet: 4 });

  it(
    'installs that finished before the rollout looked are still reported, from the image status',
    { timeout: 180_000 },
    async () => {
      const { workflowId } = await h.rollouts.startRollout({ accountServiceId: ASID, imageId: 72, machineId: 7 });
      const versioning = await h.waitForStatus(
        workflowId,
        (s) => s.phase === 'versioning' && s.imageVersionId !== undefined,
        60_000,
      );
      // A slow worker: every API call hangs while the version and all its installs finish.
      await h.admin.setFaults({ hang: 1, hangMs: 120_000 });
      await h.admin.complete('version', versioning.imageVersionId!);
      const installs = (await h.admin.jobs()).jobs.filter((j) => j.kind === 'install' && j.imageid === 72);
      expect(installs).toHaveLength(4);
      for (const job of installs) await h.admin.complete('install', job.id);
      await h.admin.setFaults({});
      const result = await h.rollouts.result(workflowId);
      expect(result.phase).toBe('completed');
      expect(result.fleet).toEqual({ pendingMachines: 0, failedMachines: 0, completedMachines: 4 });
      expect(result.timeline.map((t) => t.event).join('\n')).toMatch(
        /ran before the rollout looked; the fleet reports 4 completed/,
      );
    },
  );

  it(
    'failed machines are counted and named (bounded), and listed in full page by page by installsPage',
    { timeout: 180_000 },
    async () => {
      await h.admin.setFaults({ 'failFirst.install': 1 });
      const { workflowId } = await h.rollouts.startRollout({ accountServiceId: ASID, imageId: 74, machineId: 7 });
      const waiting = await h.waitForStatus(
        workflowId,
        (s) => s.phase === 'awaiting-operator' && s.step === 'install',
        60_000,
      );
      expect(waiting.installs).toMatchObject({ failedTotal: 4, failed: 4 });
      expect(waiting.fleet?.failedMachines).toBe(4);
      const first = await h.rollouts.listInstalls(workflowId, { failedOnly: true, limit: 3 });
      expect(first).toMatchObject({ total: 4, offset: 0 });
      expect(first.rows).toHaveLength(3);
      const rest = await h.rollouts.listInstalls(workflowId, { failedOnly: true, offset: 3 });
      expect(rest.rows).toHaveLength(1);
      expect(new Set([...first.rows, ...rest.rows].map((r) => r.jobId)).size).toBe(4);
      for (const row of [...first.rows, ...rest.rows])
        expect(row).toMatchObject({ state: 'Failed', error: expect.any(String) });
      await h.admin.setFaults({});
      await h.rollouts.retryRollout(workflowId);
      expect((await h.rollouts.result(workflowId)).fleet).toEqual({
        pendingMachines: 0,
        failedMachines: 0,
        completedMachines: 4,
      });
    },
  );

  it(
    'a silent API warns in the status and current details, then escalates to awaiting-operator; retry carries on',
    { timeout: 180_000 },
    async () => {
      const { workflowId } = await h.rollouts.startRollout({
        accountServiceId: ASID,
        imageId: 73,
        machineId: 7,
        stuckAfterMinutes: 12,
      });
      await h.waitForStatus(workflowId, (s) => s.phase === 'diffing' && s.diffId !== undefined, 60_000);
      await h.admin.setFaults({ hang: 1, hangMs: 120_000 });
      const warned = await h.waitForStatus(
        workflowId,
        (s) => (s.warnings ?? []).some((w) => /no answer from imagediff\/status/.test(w)),
        60_000,
      );
      expect(warned.phase).toBe('diffing');
      const stuck = await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator', 60_000);
      expect(stuck.step).toBe('diff');
      expect(stuck.awaiting?.reason).toMatch(/no answer from imagediff\/status for \d+ min/);
      expect(stuck.timeline.map((t) => t.event).join('\n')).toMatch(/warning: no answer from imagediff\/status/);
      await h.admin.setFaults({});
      await h.rollouts.retryRollout(workflowId);
      const result = await h.rollouts.result(workflowId);
      expect(result.phase).toBe('completed');
      expect(result.created.diffIds).toHaveLength(1);
    },
  );
});
