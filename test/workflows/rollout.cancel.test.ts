import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidRolloutInput } from '../../src/client';
import { RolloutPhase } from '../../src/contract/searchAttributes';
import type { RolloutStatus } from '../../src/contract/rollout/status';
import { useRolloutHarness } from '../support/useRolloutHarness';

const ASID = 1001;
const h = useRolloutHarness({ speed: 100, fleet: 2, mirrors: 1 });
let image = 300;

beforeEach(() => h.admin.setFaults({}));

interface CancelCase {
  phase: string;
  input?: Record<string, unknown>;
  faults?: Record<string, number>;
  at: (s: RolloutStatus) => boolean;
  /** Whether an unused diff exists to be rejected. */
  rejectsDiff: boolean;
}

const later = () => Math.floor(Date.now() / 1000) + 3600;
const cases: CancelCase[] = [
  { phase: 'diffing', at: (s) => s.phase === 'diffing' && s.diffId !== undefined, rejectsDiff: true },
  {
    phase: 'awaiting-operator',
    input: { diffRetries: 0 },
    faults: { 'failFirst.diff': 1 },
    at: (s) => s.phase === 'awaiting-operator',
    rejectsDiff: true,
  },
  {
    phase: 'awaiting-approval',
    input: { requireApproval: true },
    at: (s) => s.phase === 'awaiting-approval',
    rejectsDiff: true,
  },
  { phase: 'scheduled', input: { installAt: later() }, at: (s) => s.phase === 'scheduled', rejectsDiff: true },
  { phase: 'versioning', at: (s) => s.phase === 'versioning' && s.imageVersionId !== undefined, rejectsDiff: false },
  { phase: 'installing', at: (s) => s.phase === 'installing' && (s.installs?.jobsSeen ?? 0) > 0, rejectsDiff: false },
];

describe('cancel', () => {
  for (const c of cases) {
    it(`in ${c.phase}: stops, undoes what it can, creates nothing after, ends cancelled`, async () => {
      if (c.faults) await h.admin.setFaults(c.faults);
      const { workflowId } = await h.rollouts.startRollout({
        accountServiceId: ASID,
        imageId: image++,
        machineId: 7,
        ...c.input,
      });
      const at = await h.waitForStatus(workflowId, c.at);
      const before = await h.createCalls();
      await h.rollouts.cancelRollout(workflowId, `cancel in ${c.phase}`);
      const result = await h.rollouts.result(workflowId);
      expect(result).toMatchObject({ phase: 'cancelled', reason: `cancel in ${c.phase}` });
      const after = await h.createCalls();
      const made = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));
      expect(made).toEqual({
        'imageupdate/create': 0,
        'imagediff/create': 0,
        'imagediff/retry': 0,
        'imagediff/reject': c.rejectsDiff ? 1 : 0,
        'imageversion/create': 0,
        'imageinstall/queue': 0,
      });
      const diff = await h.admin.job('diff', at.diffId!);
      expect(diff).toBeDefined();
      expect(diff?.rejected ?? false).toBe(c.rejectsDiff);
      const description = await h.rollouts.handle(workflowId).describe();
      expect(description.typedSearchAttributes.get(RolloutPhase)).toBe('cancelled');
    });
  }

  it('Temporal cancellation behaves like cancel, and the execution ends Canceled', async () => {
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: image++,
      machineId: 7,
      requireApproval: true,
    });
    const at = await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-approval');
    await h.rollouts.handle(workflowId).cancel();
    const failure = await h.rollouts.result(workflowId).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect((await h.rollouts.handle(workflowId).describe()).status.name).toBe('CANCELLED');
    expect((await h.rollouts.getRollout(workflowId)).phase).toBe('cancelled');
    expect((await h.admin.job('diff', at.diffId!))?.rejected).toBe(true);
  });

  it('a cancel after the end is refused', async () => {
    const { workflowId } = await h.rollouts.startRollout({ accountServiceId: ASID, imageId: image++, machineId: 7 });
    await h.rollouts.result(workflowId);
    await expect(h.rollouts.cancelRollout(workflowId)).rejects.toThrow();
  });
});

describe('bad input', () => {
  it('the client library refuses it before anything starts, naming each field', async () => {
    const error = await h.rollouts
      .startRollout({ accountServiceId: -5, imageId: 1.5 } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRolloutInput);
    expect((error as InvalidRolloutInput).problems).toEqual([
      'accountServiceId: must be a positive integer',
      'imageId: must be a positive integer',
      'machineId: is required',
    ]);
  });

  it('the workflow itself fails at once, non-retryable, naming each field (for callers of plain temporal start)', async () => {
    const before = await h.createCalls();
    const handle = await h.temporal.workflow.start('rollout', {
      taskQueue: h.taskQueue,
      workflowId: `bad-${Date.now()}`,
      args: [{ accountServiceId: 'x', imageId: 1, machineId: 1, colour: 'red' }],
    });
    const failure = (await handle.result().catch((e: unknown) => e)) as WorkflowFailedError;
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect(failure.cause?.message).toBe(
      'invalid rollout input: accountServiceId: must be a positive integer; colour: unknown field',
    );
    expect(await h.createCalls()).toEqual(before);
  });
});
