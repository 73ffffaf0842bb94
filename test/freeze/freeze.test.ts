import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FreezeRefused } from '../../src/client';
import { RolloutPhase } from '../../src/contract/searchAttributes';
import { DevServer } from '../../src/temporal/devServer';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { waitFor } from '../support/wait';
import { rollbackStatusQuery } from '../../src/contract/rollback/messages';
import { CUTOVER_ASID, idleSide, smallFleet } from '../cutover/fleets';

// Issue 23, "Change control": the emergency freeze, against a real dev server of its own (the
// freeze holds a whole namespace, so it must not hold the other test files' rollouts).
let server: DevServer;
beforeAll(async () => {
  server = await DevServer.start({ executable: inject('temporalCli') });
}, 120_000);
afterAll(() => server?.stop());

const ASID = 2301;
const h = useRolloutHarness(() => ({
  speed: 60,
  fleet: 2,
  mirrors: 0,
  temporalAddress: server.address,
  fleets: { fleets: [smallFleet(1), smallFleet(2)] },
}));

const events = (timeline: { event: string }[]) => timeline.map((t) => t.event);

describe('freeze and unfreeze', () => {
  it('a freeze before the start: no create at all; unfreeze and it goes on by itself, the timeline naming both', async () => {
    const frozen = await h.rollouts.freeze({ reason: 'incident 4711', by: 'alice@ops-1' });
    expect(frozen).toMatchObject({
      frozen: true,
      freeze: { by: 'alice@ops-1', reason: 'incident 4711', includeRollbacks: false },
    });
    const { workflowId } = await h.rollouts.startRollout({ accountServiceId: ASID, imageId: 1, machineId: 7 });
    const held = await h.waitForStatus(workflowId, (s) => s.phase === 'frozen');
    expect(held).toMatchObject({ step: 'diff', frozen: { by: 'alice@ops-1', reason: 'incident 4711' } });
    expect(held.awaiting?.reason).toMatch(
      /^frozen by alice@ops-1: incident 4711 \(rollbacks still allowed\): the diff create waits/,
    );
    expect(held.awaiting?.actions).toEqual(['unfreeze', 'cancel']);
    await waitFor(
      async () => (await h.rollouts.handle(workflowId).describe()).typedSearchAttributes.get(RolloutPhase),
      (phase) => phase === 'frozen',
      { what: 'RolloutPhase frozen' },
    );
    expect(await h.createCalls()).toMatchObject({ 'imagediff/create': 0, 'imageversion/create': 0 });

    // A second freeze says who froze it; the state is readable without a worker.
    await expect(h.rollouts.freeze({ reason: 'again', by: 'carol' })).rejects.toThrow(
      /^already frozen by alice@ops-1 \d+ s ago: incident 4711$/,
    );
    expect(await h.rollouts.freezeState()).toMatchObject({ frozen: true, freeze: { by: 'alice@ops-1' } });

    await h.rollouts.unfreeze({ by: 'bob@ops-2' });
    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('completed');
    const timeline = events(result.timeline);
    expect(timeline).toContainEqual(expect.stringMatching(/^frozen by alice@ops-1: incident 4711/));
    expect(timeline).toContainEqual(
      expect.stringMatching(/^unfrozen by bob@ops-2 \(frozen \d+ s by alice@ops-1: incident 4711\): back to diffing$/),
    );
    expect(await h.createCalls()).toMatchObject({ 'imagediff/create': 1, 'imageversion/create': 1 });

    // Nothing to lift: said, with the last unfreeze.
    const refused = h.rollouts.unfreeze({ by: 'bob@ops-2' });
    await expect(refused).rejects.toBeInstanceOf(FreezeRefused);
    await expect(refused).rejects.toThrow(/^not frozen \(last unfrozen by bob@ops-2 /);
  }, 120_000);

  it('a freeze mid-rollout: the diff running is followed to its end, the version create waits', async () => {
    await h.admin.setFaults({});
    const { workflowId } = await h.rollouts.startRollout({ accountServiceId: ASID, imageId: 2, machineId: 7 });
    const diffing = await h.waitForStatus(workflowId, (s) => s.phase === 'diffing' && s.diffId !== undefined);
    const before = await h.createCalls();
    await h.rollouts.freeze({ reason: 'bad build reported', by: 'alice@ops-1' });
    const held = await h.waitForStatus(workflowId, (s) => s.phase === 'frozen', 60_000);
    // The diff ran to its end while frozen; nothing was created after it.
    expect(held).toMatchObject({ step: 'version', diffId: diffing.diffId, jobstateid: 5 });
    expect(await h.createCalls()).toEqual(before);
    expect((await h.admin.job('diff', diffing.diffId!))?.state).toBe(5);
    await h.rollouts.unfreeze({ by: 'bob@ops-2' });
    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('completed');
    expect(events(result.timeline)).toContainEqual(
      expect.stringMatching(/^unfrozen by bob@ops-2 .*: back to versioning$/),
    );
  }, 120_000);

  it('a freeze mid-release: wave 1 runs to its end, wave 2 does not start until unfreeze', async () => {
    const { workflowId } = await h.rollouts.startRelease({
      releaseId: 'freeze-mid-release',
      pauseBetweenWaves: false,
      images: [
        { accountServiceId: ASID, imageId: 11, machineId: 7, wave: 1 },
        { accountServiceId: ASID, imageId: 12, machineId: 7, wave: 2 },
      ],
    });
    // Wave 1's installs are queued and running when the freeze comes: they are followed to their end.
    await h.waitForStatus(`rollout-${ASID}-11`, (s) => s.phase === 'installing');
    await h.rollouts.freeze({ reason: 'incident 4712', by: 'alice@ops-1' });
    const wave1 = await h.rollouts.result(`rollout-${ASID}-11`);
    expect(wave1.phase).toBe('completed');
    const release = await waitFor(
      () => h.rollouts.getRelease(workflowId),
      (s) => s.phase === 'frozen',
      { what: 'release frozen', timeoutMs: 60_000 },
    );
    expect(release).toMatchObject({ wave: 2, frozen: { by: 'alice@ops-1', reason: 'incident 4712' } });
    expect(release.awaiting?.reason).toMatch(/^frozen by alice@ops-1: incident 4712 .*: wave 2 waits until unfrozen/);
    // Wave 2's rollout was never started.
    await expect(h.rollouts.handle(`rollout-${ASID}-12`).describe()).rejects.toThrow(/not found/i);

    await h.rollouts.unfreeze({ by: 'bob@ops-2' });
    const result = await h.rollouts.releaseResult(workflowId);
    expect(result.phase).toBe('completed');
    expect(result.timeline.map((t) => t.event)).toContainEqual(
      expect.stringMatching(/^unfrozen by bob@ops-2 .*: wave 2 starts$/),
    );
  }, 180_000);
});

describe('going live and back under a freeze', () => {
  const goLive = (n: number) => {
    const side = idleSide(n);
    return h.rollouts.startRollout({
      accountServiceId: CUTOVER_ASID,
      imageId: side.imageId,
      machineId: 7,
      cutover: { fleetId: side.fleetId, profileId: side.profileId, bakeMinutes: 0.05 },
    });
  };

  it('a cutover waits in frozen before it starts; a rollback goes through a freeze unless it includes rollbacks', async () => {
    // Frozen while installing: the installs finish, the cutover is held before the switch.
    const a = await goLive(1);
    await h.waitForStatus(a.workflowId, (s) => s.phase === 'installing');
    await h.rollouts.freeze({ reason: 'incident 4714', by: 'alice@ops-1' });
    const held = await h.waitForStatus(a.workflowId, (s) => s.phase === 'frozen', 60_000);
    expect(held).toMatchObject({ step: 'cutover', fleet: { pendingMachines: 0 } });
    expect(held.awaiting?.reason).toMatch(/the cutover create waits until unfrozen/);
    expect((await h.admin.fleet('f-1')).liveProfileId).toBe(idleSide(1).liveProfileId);
    await h.rollouts.unfreeze({ by: 'bob@ops-2' });
    expect((await h.rollouts.result(a.workflowId)).phase).toBe('completed');
    expect((await h.admin.fleet('f-1')).liveProfileId).toBe(idleSide(1).profileId);

    // A plain freeze lets the rollback through: getting players back is what an incident may need.
    await h.rollouts.freeze({ reason: 'incident 4715', by: 'alice@ops-1' });
    const first = await h.rollouts.rollbackRollout(a.workflowId, 'crash on join', { by: 'carol' });
    await h.temporal.workflow.getHandle(first.rollbackWorkflowId!).result();
    expect((await h.admin.fleet('f-1')).liveProfileId).toBe(idleSide(1).liveProfileId);
    await h.rollouts.unfreeze({ by: 'bob@ops-2' });

    // --include-rollbacks holds it too, until unfreeze.
    const b = await goLive(2);
    expect((await h.rollouts.result(b.workflowId)).phase).toBe('completed');
    await h.rollouts.freeze({ reason: 'incident 4716', by: 'alice@ops-1', includeRollbacks: true });
    const second = await h.rollouts.rollbackRollout(b.workflowId, 'crash on join', { by: 'carol' });
    const rollback = h.temporal.workflow.getHandle(second.rollbackWorkflowId!);
    const frozen = await waitFor(
      () => rollback.query(rollbackStatusQuery),
      (s) => s.phase === 'frozen',
      { what: 'rollback frozen', timeoutMs: 60_000 },
    );
    expect(frozen.detail).toMatch(
      /^frozen by alice@ops-1: incident 4716 \(rollbacks held too\): the switch back waits/,
    );
    expect((await h.admin.fleet('f-2')).liveProfileId).toBe(idleSide(2).profileId);
    await h.rollouts.unfreeze({ by: 'bob@ops-2' });
    await rollback.result();
    expect((await h.admin.fleet('f-2')).liveProfileId).toBe(idleSide(2).liveProfileId);
  }, 240_000);
});

describe('deployment windows', () => {
  it('a window that opens in the future: scheduled with the countdown, no version before it opens', async () => {
    // The next whole minute at least 20 s away, in UTC: windows are wall-clock, never scaled.
    const opensAt = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000;
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    const versionsBefore = (await h.createCalls())['imageversion/create'];
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: 21,
      machineId: 7,
      windows: [{ days: 'Mon-Sun', start: hhmm(opensAt), end: hhmm(opensAt + 30 * 60_000), timeZone: 'UTC' }],
    });
    const scheduled = await h.waitForStatus(workflowId, (s) => s.phase === 'scheduled', 60_000);
    expect(scheduled).toMatchObject({
      step: 'schedule',
      window: { opensAt: new Date(opensAt).toISOString(), waitsFor: 'version' },
      countdown: expect.stringMatching(/^version in \d+ s$/) as string,
    });
    expect(scheduled.awaiting?.reason).toMatch(/^outside its deployment windows: the version waits for Mon-Sun /);
    expect((await h.createCalls())['imageversion/create']).toBe(versionsBefore);

    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('completed');
    const version = (await h.admin.jobs()).jobs.find((j) => j.kind === 'version' && j.id === result.imageVersionId);
    expect(version!.createdAt).toBeGreaterThanOrEqual(opensAt);
  }, 150_000);

  it('bad windows are refused before anything is created, naming each field', async () => {
    const start = h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: 22,
      machineId: 7,
      windows: [
        { days: 'Mon-Thu', start: '02:00', end: '02:00', timeZone: 'Europe/Londn' },
        { days: [0], start: '22:00', end: '04:00', timeZone: 'UTC' },
      ],
    });
    await expect(start).rejects.toThrow(
      /windows\[0\]\.end: equals start \(02:00\).*windows\[0\]\.timeZone: unknown time zone "Europe\/Londn".*windows\[1\]\.days: day 0 is out of range/,
    );
    await expect(h.rollouts.handle(`rollout-${ASID}-22`).describe()).rejects.toThrow(/not found/i);
  });
});
