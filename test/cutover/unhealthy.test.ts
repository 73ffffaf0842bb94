import { describe, expect, it } from 'vitest';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { CUTOVER_ASID, idleSide, smallFleet } from './fleets';

// Issue 21: an unhealthy new profile is rolled back (automatically, or by an operator after a pause).
const h = useRolloutHarness({ speed: 60, fleets: { fleets: [1, 2, 3].map((n) => smallFleet(n)) } });

const startCutover = (n: number, cutover: Record<string, unknown> = {}) => {
  const side = idleSide(n);
  return h.rollouts.startRollout({
    accountServiceId: CUTOVER_ASID,
    imageId: side.imageId,
    machineId: 7,
    cutover: { fleetId: side.fleetId, profileId: side.profileId, maxMachines: 2, bakeMinutes: 0.2, ...cutover },
  });
};

describe('an unhealthy new profile', () => {
  it('is rolled back automatically: every server back on the old profile, rolled-back with the reason', async () => {
    const side = idleSide(1);
    await h.admin.setFaults({ unhealthyProfiles: [side.profileId] });
    const { workflowId } = await startCutover(1);
    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('rolled-back');
    expect(result.reason).toMatch(
      new RegExp(`^rolled back \\(health\\): 0/\\d+ servers up on profile ${side.profileId}`),
    );
    expect(result.cutover).toMatchObject({
      rolledBack: true,
      rollbackTrigger: 'health',
      previousProfileId: side.liveProfileId,
      health: { verdict: 'unhealthy', activePercent: 0 },
    });
    expect(await h.admin.fleet(side.fleetId)).toMatchObject({
      liveProfileId: side.liveProfileId,
      serversByProfile: { [String(side.liveProfileId)]: 8 },
      active: 8,
      switchesAccepted: 2,
    });
    const events = result.timeline.map((t) => t.event);
    expect(events).toContainEqual(expect.stringMatching(/^profile \d+ is unhealthy: 0\/\d+ servers up/));
    expect(events).toContainEqual(
      expect.stringMatching(new RegExp(`every server is back on profile ${side.liveProfileId} \\(8/8\\)`)),
    );
    await h.admin.setFaults({});
  }, 240_000);

  it('with onUnhealthy "pause" waits for an operator, whose rollback switches back, recorded with who and why', async () => {
    const side = idleSide(2);
    await h.admin.setFaults({ unhealthyProfiles: [side.profileId] });
    const { workflowId } = await startCutover(2, { onUnhealthy: 'pause' });
    const paused = await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator', 180_000);
    expect(paused.step).toBe('bake');
    expect(paused.awaiting?.actions).toEqual(['rollback', 'proceed', 'cancel']);
    expect(paused.awaiting?.reason).toMatch(/is unhealthy on fleet f-2: 0\/\d+ servers up/);
    await h.rollouts.rollbackRollout(workflowId, 'players report crashes', { by: 'alice@ops' });
    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('rolled-back');
    expect(result.cutover).toMatchObject({
      rolledBack: true,
      rollbackTrigger: 'operator',
      rollbackBy: 'alice@ops',
      rollbackReason: 'players report crashes',
    });
    expect(result.actions).toContainEqual(expect.objectContaining({ action: 'rollback', by: 'alice@ops' }));
    expect((await h.admin.fleet(side.fleetId)).serversByProfile).toEqual({ [String(side.liveProfileId)]: 8 });
    await h.admin.setFaults({});
  }, 240_000);

  it('a rollback outside a cutover is refused, naming the phase and the way after completion', async () => {
    const side = idleSide(3);
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: CUTOVER_ASID,
      imageId: side.imageId,
      machineId: 7,
      requireApproval: true,
      cutover: { fleetId: side.fleetId, profileId: side.profileId },
    });
    await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-approval', 120_000);
    await expect(h.rollouts.rollbackRollout(workflowId)).rejects.toThrow(
      /rollback makes no sense in phase awaiting-approval: only while cutting over or baking/,
    );
    await h.rollouts.cancelRollout(workflowId);
  }, 240_000);
});
