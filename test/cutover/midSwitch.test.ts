import { describe, expect, it } from 'vitest';
import { clientFor } from '../support/simulator';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { CUTOVER_ASID, idleSide, smallFleet } from './fleets';

// Issue 21: a switch held up by busy servers: cancel and rollback switch back mid-switch; someone
// else's switch is waited for, never overridden.
const third = { profileId: 1100, imageId: 200, name: 'C' };
const h = useRolloutHarness({
  speed: 60,
  fleets: {
    fleets: [smallFleet(4), smallFleet(5), { ...smallFleet(6), profiles: [...smallFleet(6).profiles, third] }],
  },
});

/** Two servers in a session: the switch cannot complete before they end or its 2 h Timeout. */
async function startHeldSwitch(n: number) {
  const side = idleSide(n);
  await h.admin.reserve(side.fleetId, 2);
  const { workflowId } = await h.rollouts.startRollout({
    accountServiceId: CUTOVER_ASID,
    imageId: side.imageId,
    machineId: 7,
    cutover: { fleetId: side.fleetId, profileId: side.profileId, maxMachines: 1, timeout: '2h', bakeMinutes: 0.1 },
  });
  await h.waitForStatus(
    workflowId,
    (s) => s.phase === 'cutting-over' && (s.cutover?.serversProcessed ?? 0) >= 2,
    180_000,
  );
  return { side, workflowId };
}

describe('mid-switch', () => {
  it('cancel switches the fleet back and ends cancelled, the rollback recorded with trigger cancel', async () => {
    const { side, workflowId } = await startHeldSwitch(4);
    await h.rollouts.cancelRollout(workflowId, 'wrong build', { by: 'bob@ops' });
    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('cancelled');
    expect(result.cutover).toMatchObject({
      rolledBack: true,
      rollbackTrigger: 'cancel',
      rollbackReason: 'wrong build',
    });
    expect(await h.admin.fleet(side.fleetId)).toMatchObject({
      liveProfileId: side.liveProfileId,
      serversByProfile: { [String(side.liveProfileId)]: 8 },
      switchesAccepted: 2,
    });
  }, 240_000);

  it('an operator rollback during the switch switches back and ends rolled-back', async () => {
    const { side, workflowId } = await startHeldSwitch(5);
    await h.rollouts.rollbackRollout(workflowId, 'queue times up', { by: 'carol@ops' });
    const result = await h.rollouts.result(workflowId);
    expect(result).toMatchObject({
      phase: 'rolled-back',
      cutover: {
        rolledBack: true,
        rollbackTrigger: 'operator',
        rollbackBy: 'carol@ops',
        rollbackReason: 'queue times up',
      },
    });
    expect((await h.admin.fleet(side.fleetId)).serversByProfile).toEqual({ [String(side.liveProfileId)]: 8 });
  }, 240_000);

  it("waits for someone else's switch to end, then goes live from the profile it left", async () => {
    const side = idleSide(6);
    const [held] = (await h.admin.reserve(side.fleetId, 1)).serverIds;
    await clientFor(h.sim).fleetSwitchProfile({ fleetId: side.fleetId, profileId: third.profileId, timeout: '2h' });
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: CUTOVER_ASID,
      imageId: side.imageId,
      machineId: 7,
      cutover: { fleetId: side.fleetId, profileId: side.profileId, bakeMinutes: 0.1 },
    });
    await h.waitForStatus(
      workflowId,
      (s) => s.timeline.some((t) => /is switching to profile 1100 .*not by this rollout: waiting/.test(t.event)),
      180_000,
    );
    expect((await h.admin.fleet(side.fleetId)).switchesAccepted).toBe(1);
    await h.admin.endSessions(side.fleetId, [held!]);
    const result = await h.rollouts.result(workflowId);
    expect(result).toMatchObject({ phase: 'completed', cutover: { previousProfileId: third.profileId } });
    expect(await h.admin.fleet(side.fleetId)).toMatchObject({
      liveProfileId: side.profileId,
      serversByProfile: { [String(side.profileId)]: 8 },
      switchesAccepted: 2,
    });
  }, 240_000);
});
