import { describe, expect, it } from 'vitest';
import { ClanforgeFleetId } from '../../src/contract/searchAttributes';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { CUTOVER_ASID, fleetsDocument, RESERVATION } from './fleets';

// Issue 21: going live on a reservation fleet (switch in batches, bake, completed).
const h = useRolloutHarness({ speed: 60, fleets: fleetsDocument });

describe('cutover on a reservation fleet', () => {
  it('switches 40 servers in batches of 3 machines, shows progress, bakes and completes on the new profile', async () => {
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: CUTOVER_ASID,
      imageId: 43,
      machineId: 7,
      gameBuild: 'b-2',
      cutover: { fleetId: RESERVATION, profileId: 502, maxMachines: 3, timeout: '30m', bakeMinutes: 0.1 },
    });
    const switching = await h.waitForStatus(
      workflowId,
      (s) => s.phase === 'cutting-over' && (s.cutover?.serversProcessed ?? 0) > 0,
      120_000,
    );
    expect(switching.cutover).toMatchObject({ fleetId: RESERVATION, previousProfileId: 501, state: 'switching' });
    expect(switching.cutover!.serversPending + switching.cutover!.serversProcessed).toBe(40);

    const baking = await h.waitForStatus(workflowId, (s) => s.phase === 'baking', 120_000);
    expect(baking.cutover).toMatchObject({ serversProcessed: 40, serversPending: 0 });

    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('completed');
    expect(result.cutover).toMatchObject({
      state: 'complete',
      rolledBack: false,
      profileId: 502,
      previousProfileId: 501,
      health: { verdict: 'healthy', activePercent: 100 },
    });
    expect(await h.admin.fleet(RESERVATION)).toMatchObject({
      liveProfileId: 502,
      serversByProfile: { '502': 40 },
      active: 40,
      switchesAccepted: 1,
    });
    const description = await h.rollouts.handle(workflowId).describe();
    expect(description.typedSearchAttributes.get(ClanforgeFleetId)).toBe(RESERVATION);
  }, 240_000);
});
