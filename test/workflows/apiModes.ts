import { expect, it } from 'vitest';
import type { FailedInstallsMode } from '../../src/simulator/options';
import type { RolloutStatus } from '../../src/contract/rollout/status';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { clientFor } from '../support/simulator';

// The product against the API as real clients see it (issue 19), one simulator mode per file:
// `--progress zero` (the real API is reported to keep jobprogress at 0) with each
// `--failed-installs` reading. The worker's minutes pass 10 times faster than the simulator's, so
// every job, the shortest (a diff) included, runs longer than STUCK_AFTER and than the 30-min
// no-progress threshold in the watch's eyes, and is polled every 20 of its minutes while it runs.
const SPEED = 120;
const POLL_SCALE = 1_200;
const STUCK_AFTER = 30;
const ASID = 1001;

/** What a rollout showed, in one line per run for the closing note. */
export function shown(result: Pick<RolloutStatus, 'phase' | 'timeline'>): string {
  const warnings = result.timeline.filter((t) => t.event.startsWith('warning:')).map((t) => t.event);
  const phases = [...new Set(result.timeline.map((t) => t.step))].join(' > ');
  return `${result.phase}; steps ${phases}; ${warnings.length} warnings ${JSON.stringify(warnings)}`;
}

/** How many failed installs imageinstall/status still lists, and what the operator is told, per mode. */
const FAILED_LISTED: Record<FailedInstallsMode, number> = { listed: 4, unlisted: 0 };
const FAILED_REASON: Record<FailedInstallsMode, RegExp> = {
  listed:
    /^4 machines failed \(0 completed, 4 failed, 0 pending\): job \d+ on machine \d+ \(eu-west\): install failed: /,
  unlisted:
    /^4 machines failed \(0 completed, 4 failed, 0 pending\): 4 no longer listed by imageinstall\/status, counted by the image status only: retry cannot queue them again/,
};

const warningsOf = (s: Pick<RolloutStatus, 'timeline'>) =>
  s.timeline.filter((t) => t.event.startsWith('warning:')).map((t) => t.event);

/** `images`: three image ids of its own (rollout ids are made of the ASID and the image: files run at once on one server). */
export function apiModeMatrix(failedInstalls: FailedInstallsMode, images: [number, number, number]): void {
  const [happyImage, failedImage, lateImage] = images;
  const h = useRolloutHarness({
    speed: SPEED,
    pollScale: POLL_SCALE,
    progress: 'zero',
    failedInstalls,
    fleet: 4,
    mirrors: 1,
  });
  const start = (imageId: number) =>
    h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId,
      machineId: 7,
      updateUrl: `https://builds.example/${imageId}.zip`,
      stuckAfterMinutes: STUCK_AFTER,
    });
  /** The rollout's status once it ended or waits for an operator (so a false escalation fails with its reason). */
  const ended = (workflowId: string) =>
    h.waitForStatus(workflowId, (s) => s.phase === 'completed' || s.phase === 'awaiting-operator', 120_000);
  /** The watch's minutes a job of this image ran (its longest attempt). */
  const watchMinutes = async (imageId: number, kind: string) => {
    const jobs = (await h.admin.jobs()).jobs as unknown as {
      kind: string;
      imageid: number;
      timeline: { runningAt: number; endAt: number };
    }[];
    const runs = jobs.filter((j) => j.kind === kind && j.imageid === imageId);
    return Math.max(...runs.map((j) => ((j.timeline.endAt - j.timeline.runningAt) * POLL_SCALE) / 60_000));
  };

  it('happy path: long jobs at 0 % within their eta complete with no warning and no escalation', async () => {
    const { workflowId } = await start(happyImage);
    const result = await ended(workflowId);
    console.info(`[apiModes progress=zero failed-installs=${failedInstalls}] happy: ${shown(result)}`);
    expect(result.awaiting?.reason).toBeUndefined();
    expect(result.phase).toBe('completed');
    expect(warningsOf(result)).toEqual([]);
    expect(result.attempts).toEqual({ update: 1, diff: 1, version: 1, install: 1 });
    expect(result.installs).toMatchObject({ jobsSeen: 4, open: 0, failed: 0, failedTotal: 0, done: 4 });
    expect(result.fleet).toEqual({ pendingMachines: 0, failedMachines: 0, completedMachines: 4 });
    // Each job was longer than stuckAfterMinutes in the watch's time: progress alone would have escalated it.
    for (const kind of ['update', 'diff', 'version', 'install'])
      expect(await watchMinutes(happyImage, kind)).toBeGreaterThan(STUCK_AFTER);
  });

  it('a failed install: counted failed (never done, never completed), waits for an operator; then completes', async () => {
    await h.admin.setFaults({ 'failFirst.install': 1 });
    const { workflowId } = await start(failedImage);
    const waiting = await h.waitForStatus(
      workflowId,
      (s) => s.phase === 'awaiting-operator' && s.step === 'install',
      120_000,
    );
    await h.admin.setFaults({});
    expect(waiting.installs).toMatchObject({ failedTotal: 4, done: 0, open: 0 });
    expect(waiting.fleet).toEqual({ pendingMachines: 0, failedMachines: 4, completedMachines: 0 });
    expect(warningsOf(waiting)).toEqual([]);
    expect(waiting.installs?.failed).toBe(FAILED_LISTED[failedInstalls]);
    expect(waiting.awaiting?.reason).toMatch(FAILED_REASON[failedInstalls]);
    if (failedInstalls === 'unlisted') {
      // Nothing lists them, so retry cannot queue them: the operator does, in Clanforge (here by
      // the ids the simulator knows), then retries.
      const client = clientFor(h.sim);
      const installs = (await h.admin.jobs()).jobs as unknown as {
        kind: string;
        imageid: number;
        id: number;
        mirroring: boolean;
      }[];
      for (const job of installs.filter((j) => j.kind === 'install' && j.imageid === failedImage))
        await client.imageInstallQueue(ASID, job.id, job.mirroring);
    }
    await h.rollouts.retryRollout(workflowId);
    const result = await h.waitForStatus(workflowId, (s) => s.phase === 'completed', 120_000);
    console.info(`[apiModes progress=zero failed-installs=${failedInstalls}] failed install: ${shown(result)}`);
    expect(result.phase).toBe('completed');
    expect(result.fleet).toEqual({ pendingMachines: 0, failedMachines: 0, completedMachines: 4 });
    expect(warningsOf(result)).toEqual([]);
  });

  it('a job still past its eta is warned about and escalates, with nothing moving; retry carries on', async () => {
    // The update reports an eta a fifth of its planned run and then stops moving (stall): past its
    // eta (and stuckAfter more) it is late, not on schedule. A job that ended by itself could end
    // before the follower's next look on a loaded machine, and nothing would escalate.
    await h.admin.setFaults({ etaSkew: -0.8, 'stall.update': 1 });
    const { workflowId } = await start(lateImage);
    const stuck = await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator', 60_000);
    await h.admin.setFaults({});
    expect(stuck.step).toBe('update');
    expect(stuck.awaiting?.reason).toMatch(
      /made no progress since \d\d:\d\d UTC \(\d+ min(, \d+ min past the eta it gave then)?\) \(still .+\)/,
    );
    expect(warningsOf(stuck).join('\n')).toMatch(/warning: .+ is \d+ min past its eta, still /);
    // The stalled update ends; then a retry follows the rest.
    for (const job of (await h.admin.jobs()).jobs.filter((j) => j.imageid === lateImage && j.state < 5))
      await h.admin.complete(job.kind, job.id);
    await h.rollouts.retryRollout(workflowId);
    const result = await h.waitForStatus(workflowId, (s) => s.phase === 'completed', 120_000);
    console.info(`[apiModes progress=zero failed-installs=${failedInstalls}] late job: ${shown(result)}`);
    expect(result.phase).toBe('completed');
  });
}
