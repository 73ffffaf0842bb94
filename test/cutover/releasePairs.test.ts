import { describe, expect, it } from 'vitest';
import type { ReleaseStatus } from '../../src/client';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { startByTypeName } from '../support/temporalCli';
import { waitFor } from '../support/wait';
import { CUTOVER_ASID, idleSide, smallFleet } from './fleets';

// Issue 21: a release of pairs (two images per fleet, one live): each pair, at its wave, reads
// which profile is live and rolls the build onto the other image, then cuts over to it.
const FLEETS = [11, 12, 13, 14];
const h = useRolloutHarness({ speed: 60, fleets: { fleets: FLEETS.map((n) => smallFleet(n)) } });

/** Fleet f-<n>'s pair: its two images, in the order given (live first unless `idleFirst`). */
function pairOf(n: number, wave: number, idleFirst = false) {
  const idle = idleSide(n);
  const sides = [
    { imageId: idle.imageId - 1, machineId: 7, profileId: idle.liveProfileId },
    { imageId: idle.imageId, machineId: 8, profileId: idle.profileId },
  ];
  return {
    accountServiceId: CUTOVER_ASID,
    wave,
    pair: { fleetId: idle.fleetId, images: idleFirst ? sides.reverse() : sides },
  };
}

const note = (n: number) => {
  const idle = idleSide(n);
  return `pair ${idle.fleetId}: profile ${idle.profileId} idle, image ${idle.imageId} chosen`;
};

function waitForRelease(id: string, predicate: (s: ReleaseStatus) => boolean): Promise<ReleaseStatus> {
  return waitFor(() => h.rollouts.getRelease(id), predicate, {
    what: `release ${id}`,
    timeoutMs: 180_000,
    everyMs: 200,
  });
}

describe('a release of pairs', () => {
  it('two pairs in two waves: each picks the image whose profile is not live, at its wave, and cuts over', async () => {
    await h.rollouts.startRelease({
      releaseId: 'pairs-two-waves',
      gameBuild: 'p-2',
      defaults: { cutover: { bakeMinutes: 0.1, maxMachines: 2 } },
      // The second pair lists its idle image first: the choice follows the fleet, not the order.
      images: [pairOf(11, 1), pairOf(12, 2, true)],
    });
    const between = await waitForRelease('pairs-two-waves', (s) => s.phase === 'awaiting-promotion');
    expect(between.images.map((i) => [i.workflowId, i.imageId, i.phase, i.pair?.note])).toEqual([
      [`rollout-${CUTOVER_ASID}-${idleSide(11).imageId}`, idleSide(11).imageId, 'completed', note(11)],
      [`pair-${CUTOVER_ASID}-f-12`, idleSide(12).imageId, 'pending', undefined],
    ]);
    expect(await h.admin.fleet('f-11')).toMatchObject({ liveProfileId: idleSide(11).profileId });
    expect(await h.admin.fleet('f-12')).toMatchObject({ liveProfileId: idleSide(12).liveProfileId });

    await h.rollouts.promoteRelease('pairs-two-waves');
    const result = await h.rollouts.releaseResult('pairs-two-waves');
    expect(result.phase).toBe('completed');
    expect(result.images.map((i) => [i.workflowId, i.imageId, i.phase, i.pair])).toEqual(
      [11, 12].map((n) => [
        `rollout-${CUTOVER_ASID}-${idleSide(n).imageId}`,
        idleSide(n).imageId,
        'completed',
        { fleetId: `f-${n}`, imageIds: expect.any(Array), chosenImageId: idleSide(n).imageId, note: note(n) },
      ]),
    );
    expect(result.timeline.map((t) => t.event)).toEqual(expect.arrayContaining([note(11), note(12)]));
    for (const n of [11, 12]) {
      const rollout = await h.rollouts.result(`rollout-${CUTOVER_ASID}-${idleSide(n).imageId}`);
      expect(rollout.cutover).toMatchObject({
        fleetId: `f-${n}`,
        profileId: idleSide(n).profileId,
        previousProfileId: idleSide(n).liveProfileId,
        state: 'complete',
      });
      expect(await h.admin.fleet(`f-${n}`)).toMatchObject({
        liveProfileId: idleSide(n).profileId,
        serversByProfile: { [String(idleSide(n).profileId)]: 8 },
      });
    }
    // The live images were left alone: no rollout of them.
    for (const n of [11, 12])
      await expect(
        h.rollouts.handle(`rollout-${CUTOVER_ASID}-${idleSide(n).imageId - 1}`).describe(),
      ).rejects.toThrow();
  }, 300_000);

  it('starts by type name with plain JSON and picks the idle image', async () => {
    const input = {
      releaseId: 'pairs-by-type',
      defaults: { cutover: { bakeMinutes: 0.1 } },
      images: [pairOf(13, 1)],
    };
    await startByTypeName('release', h.taskQueue, 'release-pairs-by-type', input);
    const result = await h.rollouts.releaseResult('pairs-by-type');
    expect(result.phase).toBe('completed');
    expect(result.images[0]).toMatchObject({ imageId: idleSide(13).imageId, pair: { note: note(13) } });
    expect(await h.admin.fleet('f-13')).toMatchObject({ liveProfileId: idleSide(13).profileId });
  }, 240_000);

  it('a rollout that ends rolled-back has not completed: the release waits for an operator to retry', async () => {
    await h.admin.setFaults({ unhealthyProfiles: [idleSide(14).profileId] });
    await h.rollouts.startRelease({
      releaseId: 'pairs-rolled-back',
      defaults: { cutover: { bakeMinutes: 0.2 } },
      images: [pairOf(14, 1)],
    });
    const waiting = await waitForRelease('pairs-rolled-back', (s) => s.phase === 'awaiting-operator');
    await h.admin.setFaults({});
    expect(waiting.images[0]).toMatchObject({ imageId: idleSide(14).imageId, phase: 'rolled-back' });
    expect(waiting.awaiting?.actions).toEqual(['retry', 'cancel']);
    expect(await h.admin.fleet('f-14')).toMatchObject({ liveProfileId: idleSide(14).liveProfileId });
    await h.rollouts.cancelRelease('pairs-rolled-back');
    expect((await h.rollouts.releaseResult('pairs-rolled-back')).phase).toBe('cancelled');
  }, 240_000);
});
