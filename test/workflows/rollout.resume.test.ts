import { describe, expect, it } from 'vitest';
import { statusQuery } from '../../src/contract/rollout/messages';
import { RolloutPhase } from '../../src/contract/searchAttributes';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { waitFor } from '../support/wait';

// Issue 20, item 1: an action that resumes work moves the phase at once (one place:
// RolloutTracker.resumed), and a cancel that must wait for a diff says so, warns, and gives up.
// A diff that stops moving (fault stall.diff) escalates past stuckAfterMinutes.
const ASID = 6301;
const STUCK_AFTER = 30;
const h = useRolloutHarness({ speed: 120, pollScale: 1_200, fleet: 2, mirrors: 0 });

const start = (imageId: number) =>
  h.rollouts.startRollout({ accountServiceId: ASID, imageId, machineId: 7, stuckAfterMinutes: STUCK_AFTER });

const phaseAttribute = async (workflowId: string) =>
  (await h.rollouts.handle(workflowId).describe()).typedSearchAttributes.get(RolloutPhase);

describe('the raw status query', () => {
  it('has warnings, an empty list, when all is well', async () => {
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: 23,
      machineId: 7,
      requireApproval: true,
    });
    await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-approval', 60_000);
    const raw = await h.rollouts.handle(workflowId).query(statusQuery);
    expect(raw.warnings).toEqual([]);
    await h.rollouts.cancelRollout(workflowId);
  }, 90_000);
});

describe('an action that resumes work', () => {
  it('retry after a stuck-job escalation is diffing at once, awaiting and lastError cleared; a second retry is refused truthfully', async () => {
    await h.admin.setFaults({ 'stall.diff': 1 });
    const { workflowId } = await start(21);
    const stuck = await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator', 60_000);
    await h.admin.setFaults({});
    expect(stuck).toMatchObject({ step: 'diff', lastError: expect.stringMatching(/made no progress/) as string });
    // Nothing failed: the reason says what the diff did, not "diff failed".
    expect(stuck.awaiting?.reason).toMatch(/^diff \d+ made no progress since .*\. Signal retry to follow it again/);

    await h.rollouts.retryRollout(workflowId, { by: 'alice' });
    const resumed = await h.rollouts.getRollout(workflowId);
    expect(resumed).toMatchObject({ phase: 'diffing', step: 'diff', awaiting: null, lastError: null });
    expect(resumed.timeline.map((t) => t.event)).toContainEqual(
      expect.stringMatching(/^retry: back to diffing \(after: .*made no progress/),
    );
    await waitFor(
      () => phaseAttribute(workflowId),
      (phase) => phase === 'diffing',
      { what: 'RolloutPhase diffing' },
    );

    // The diff is still followed; a second operator's retry is told the phase it really is in.
    await expect(h.rollouts.retryRollout(workflowId, { by: 'bob' })).rejects.toThrow(
      /retry makes no sense in phase diffing/,
    );

    const diffId = resumed.diffId!;
    await h.admin.complete('diff', diffId);
    const result = await h.waitForStatus(workflowId, (s) => s.phase === 'completed', 120_000);
    expect(result.created.diffIds).toEqual([diffId]);
  }, 180_000);

  it('cancel while the diff never finishes: diffing in cleanup (no operator awaited), warned, then cancelled past stuckAfter', async () => {
    await h.admin.setFaults({ 'stall.diff': 1 });
    const { workflowId } = await start(22);
    await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator', 60_000);
    await h.admin.setFaults({});

    await h.rollouts.cancelRollout(workflowId, 'wrong build', { by: 'alice' });
    const cancelling = await h.waitForStatus(workflowId, (s) => s.step === 'cleanup', 30_000);
    expect(cancelling).toMatchObject({ phase: 'diffing', awaiting: null });

    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('cancelled');
    const events = result.timeline.map((t) => t.event);
    expect(events).toContainEqual(expect.stringMatching(/^cancelling: diff \d+ is still running/));
    expect(events).toContainEqual(expect.stringMatching(/^warning: diff \d+ .*(past its eta|no progress)/));
    expect(events).toContainEqual(expect.stringMatching(/^error: could not reject diff \d+: .*made no progress/));
  }, 180_000);
});
