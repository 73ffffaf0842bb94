import { describe, expect, it } from 'vitest';
import { RolloutActionRefused } from '../../src/client';
import { ClanforgeFullImage } from '../../src/contract/searchAttributes';
import { GAME_ID_BASE } from '../../src/simulator/options';
import { clientFor } from '../support/simulator';
import { useRolloutHarness } from '../support/useRolloutHarness';

// Operator safety against the real dev server: a lock that is not ours, full-image roll-up, the
// scheduled countdown. Image ids are this file's own (the dev server is shared).
const ASID = 5105;
const h = useRolloutHarness({ speed: 200, fleet: 2, mirrors: 0 });

describe('an image locked by a diff that is not ours', () => {
  it('waits naming the diff; unlock {reinstall} rejects it and the rollout goes on', async () => {
    const foreign = await clientFor(h.sim).imageDiffCreate(ASID, 1, 9);
    const { workflowId } = await h.rollouts.startRollout({ accountServiceId: ASID, imageId: 1, machineId: 7 });
    const waiting = await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator');
    expect(waiting.awaiting?.reason).toMatch(
      new RegExp(`image 1 is locked by diff ${foreign.diffid}, which this rollout did not make`),
    );
    expect(waiting.awaiting?.actions).toEqual(['unlock', 'retry', 'cancel']);
    // Nothing is rejected without an operator asking.
    expect((await h.admin.job('diff', foreign.diffid))?.rejected).toBeFalsy();

    await h.rollouts.unlockRollout(workflowId, { reinstall: true, by: 'bob@ops-2' });
    // The rollout works again at once: a second unlock is told the phase it is really in.
    await expect(h.rollouts.unlockRollout(workflowId, { by: 'carol@ops-3' })).rejects.toThrow(
      /unlock makes no sense in phase (diffing|updating)/,
    );
    const result = await h.rollouts.result(workflowId);
    // The uninstall job the operator's reinstall made is this rollout's.
    expect(result.created.uninstallJobIds).toHaveLength(1);
    expect(result.phase).toBe('completed');
    expect((await h.admin.job('diff', foreign.diffid))?.rejected).toBe(true);
    expect(result.timeline.map((e) => e.event)).toEqual(
      expect.arrayContaining([
        'operator: unlock by bob@ops-2 with reinstall=1',
        expect.stringMatching(new RegExp(`^unlock: diff ${foreign.diffid} rejected`)),
      ]),
    );
    expect(result.created.diffIds).not.toContain(foreign.diffid);
  });

  it('with gameId, the lock is read before any create (image/options)', async () => {
    const foreign = await clientFor(h.sim).imageDiffCreate(ASID, 2, 9);
    const creates = async () => (await h.admin.stats()).calls['imagediff/create'] ?? 0;
    const before = await creates();
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: 2,
      machineId: 7,
      gameId: GAME_ID_BASE + ASID,
    });
    const waiting = await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator');
    expect(waiting.awaiting?.reason).toContain(`locked by diff ${foreign.diffid}`);
    expect(await creates()).toBe(before);
    await h.rollouts.unlockRollout(workflowId);
    expect((await h.rollouts.result(workflowId)).phase).toBe('completed');
  });

  it('a diff made by another running rollout of the image is named as such, and unlock is refused', async () => {
    const { workflowId: first } = await h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: 3,
      machineId: 7,
      requireApproval: true,
    });
    const approval = await h.waitForStatus(first, (s) => s.phase === 'awaiting-approval');
    const { workflowId: second } = await h.rollouts.startRollout(
      { accountServiceId: ASID, imageId: 3, machineId: 8 },
      { workflowId: 'rollout-5105-3-second' },
    );
    const waiting = await h.waitForStatus(second, (s) => s.phase === 'awaiting-operator');
    expect(waiting.awaiting?.reason).toContain(`locked by diff ${approval.diffId} of ${first}, which is running`);
    expect(waiting.awaiting?.actions).toEqual(['retry', 'cancel']);
    const refused = await h.rollouts.unlockRollout(second).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RolloutActionRefused);
    expect((refused as Error).message).toContain(`diff ${approval.diffId} belongs to ${first}, which is running`);

    await h.rollouts.approveRollout(first);
    expect((await h.rollouts.result(first)).phase).toBe('completed');
    await h.rollouts.retryRollout(second);
    expect((await h.rollouts.result(second)).phase).toBe('completed');
  });
});

describe('full-image roll-up', () => {
  it('fullEvery 3 across three rollouts of one image: differential, differential, full; and why', async () => {
    const outcomes: { full: boolean; why: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const { workflowId, runId } = await h.rollouts.startRollout({
        accountServiceId: ASID,
        imageId: 4,
        machineId: 7,
        fullEvery: 3,
        gameBuild: `roll-${i}`,
      });
      const result = await h.rollouts.result(workflowId);
      expect(result.phase).toBe('completed');
      outcomes.push(result.fullImage!);
      const description = await h.temporal.workflow.getHandle(workflowId, runId).describe();
      expect(description.typedSearchAttributes.get(ClanforgeFullImage)).toBe(result.fullImage!.full);
    }
    expect(outcomes).toEqual([
      { full: false, why: 'fullEvery 3: version 1 since the last full one (full in 2 more)' },
      { full: false, why: 'fullEvery 3: version 2 since the last full one (full in 1 more)' },
      { full: true, why: 'fullEvery 3: version 3 since the last full one' },
    ]);
    // What Clanforge (the simulator) was asked for.
    const versions = [...h.sim.store.jobs.values()].filter(
      (j) => j.kind === 'version' && j.asid === ASID && j.imageid === 4,
    );
    expect(versions.map((v) => (v.kind === 'version' ? v.full : undefined))).toEqual([false, false, true]);
  });
});

describe('scheduled', () => {
  it('shows a countdown to the version in the status read through the client', async () => {
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: 5,
      machineId: 7,
      installAt: Math.floor(Date.now() / 1000) + 83 * 60,
    });
    const scheduled = await h.waitForStatus(workflowId, (s) => s.phase === 'scheduled');
    expect(scheduled.countdown).toMatch(/^version in 1 h 2[23] min$/);
    await h.rollouts.cancelRollout(workflowId, 'countdown seen');
    await h.rollouts.result(workflowId);
  });
});
