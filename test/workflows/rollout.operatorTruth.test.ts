import { describe, expect, it } from 'vitest';
import { useRolloutHarness } from '../support/useRolloutHarness';

// The status says what really happened: a past install time, a diff that failed.
const ASID = 5301;
const h = useRolloutHarness({ speed: 200, fleet: 2, mirrors: 0 });

async function endRollout(workflowId: string): Promise<void> {
  await h.rollouts.cancelRollout(workflowId).catch(() => undefined);
  await h.rollouts.result(workflowId).catch(() => undefined);
}

describe('an installAt already in the past', () => {
  it('proceeds at once, says so in the timeline, and sends Clanforge no install_at', async () => {
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: 1,
      machineId: 7,
      installAt: Math.floor(Date.now() / 1000) - 3600,
    });
    const status = await h.waitForStatus(workflowId, (s) => s.imageVersionId !== undefined);
    expect(status.timeline.map((e) => e.event)).toContain('install time already passed; proceeding now');
    const version = (await h.admin.jobs()).jobs.find((j) => j.kind === 'version' && j.id === status.imageVersionId) as
      { installAt?: number | null } | undefined;
    expect(version).toBeDefined();
    expect(version?.installAt).toBeNull();
    await endRollout(workflowId);
  });
});

describe('a failed diff', () => {
  it('its summary in the status is marked failed (not an empty diff)', async () => {
    await h.admin.setFaults({ 'failFirst.diff': 1 });
    try {
      const { workflowId } = await h.rollouts.startRollout({
        accountServiceId: ASID,
        imageId: 2,
        machineId: 7,
        diffRetries: 0,
      });
      const status = await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator');
      expect(status.diff).toMatchObject({ failed: true });
      await endRollout(workflowId);
    } finally {
      await h.admin.setFaults({});
    }
  });
});
