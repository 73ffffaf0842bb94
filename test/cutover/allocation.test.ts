import { describe, expect, it } from 'vitest';
import { clientFor } from '../support/simulator';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { ALLOCATION, CUTOVER_ASID, fleetsDocument } from './fleets';

// Issue 21: an allocation fleet has nothing to switch: the new live profile is announced, and the
// servers still allocated on the old one drain.
const h = useRolloutHarness({ speed: 60, fleets: fleetsDocument });
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('cutover on an allocation fleet', () => {
  it('announces the new live profile, follows the old allocations until they end, bakes and completes', async () => {
    const clanforge = clientFor(h.sim);
    for (const n of [1, 2, 3]) {
      await clanforge.serverAllocate({ fleetId: ALLOCATION, regionId: String(n), profileId: 601, uuid: uuid(n) });
    }
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: CUTOVER_ASID,
      imageId: 53,
      machineId: 7,
      cutover: { fleetId: ALLOCATION, fleetKind: 'allocation', profileId: 602, timeout: '2h', bakeMinutes: 0.1 },
    });
    const announced = await h.waitForStatus(
      workflowId,
      (s) => s.timeline.some((t) => t.event.startsWith('profile 602 is live on allocation fleet')),
      180_000,
    );
    expect(announced).toMatchObject({
      phase: 'cutting-over',
      cutover: { fleetKind: 'allocation', previousProfileId: 601, state: 'switching' },
    });
    // The matchmaker now allocates with the new profile; the old matches end.
    await clanforge.serverAllocate({ fleetId: ALLOCATION, regionId: '1', profileId: 602, uuid: uuid(4) });
    for (const n of [1, 2, 3]) await clanforge.serverDeallocate(uuid(n), ALLOCATION);

    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('completed');
    expect(result.cutover).toMatchObject({
      state: 'complete',
      profileId: 602,
      previousProfileId: 601,
      serversPending: 0,
    });
    expect(result.timeline.map((t) => t.event)).toContainEqual('no server is allocated on profile 601 any more');
    expect(await h.admin.fleet(ALLOCATION)).toMatchObject({ liveProfileId: 602, allocated: 1 });
  }, 240_000);

  it('refuses a reservation-only option on an allocation fleet before anything is created', async () => {
    await expect(
      h.rollouts.startRollout({
        accountServiceId: CUTOVER_ASID,
        imageId: 52,
        machineId: 7,
        cutover: { fleetId: ALLOCATION, fleetKind: 'allocation', profileId: 601, maxMachines: 3 },
      }),
    ).rejects.toThrow(/cutover\.maxMachines: applies to reservation fleets only/);
  });
});
