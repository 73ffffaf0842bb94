import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { RolloutActionRefused } from '../../src/client';
import { retryUpdate } from '../../src/contract/rollout/messages';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { temporalCli } from '../support/temporalCli';

// What operators send by hand (Web UI, `temporal workflow signal`) is never silently lost, and a
// refused update says it is not worth retrying.
const ASID = 5201;
const h = useRolloutHarness({ speed: 200, fleet: 2, mirrors: 0 });
let image = 1;

/** A rollout parked in `scheduled` (an hour away), so messages arrive in a known phase. */
async function scheduledRollout(): Promise<string> {
  const { workflowId } = await h.rollouts.startRollout({
    accountServiceId: ASID,
    imageId: image++,
    machineId: 7,
    installAt: Math.floor(Date.now() / 1000) + 3600,
  });
  await h.waitForStatus(workflowId, (s) => s.phase === 'scheduled');
  return workflowId;
}

const signal = (workflowId: string, name: string, input: string) =>
  temporalCli('workflow', 'signal', '--workflow-id', workflowId, '--name', name, '--input', input);

describe('signals sent by hand', () => {
  it('cancel with a plain string: the string is the reason', async () => {
    const workflowId = await scheduledRollout();
    await signal(workflowId, 'cancel', '"just text"');
    expect(await h.rollouts.result(workflowId)).toMatchObject({ phase: 'cancelled', reason: 'just text' });
  });

  it('cancel with a malformed payload: cancels, and the payload is kept verbatim in the timeline', async () => {
    const workflowId = await scheduledRollout();
    await signal(workflowId, 'cancel', '{"reason": 5}');
    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('cancelled');
    expect(result.timeline.map((e) => e.event).join('\n')).toMatch(/operator: cancel .*\{"reason":5\}/);
  });

  it('an unknown signal is noted in the timeline and changes nothing', async () => {
    const workflowId = await scheduledRollout();
    await signal(workflowId, 'foo', '{}');
    const status = await h.waitForStatus(workflowId, (s) => s.timeline.some((e) => e.event.includes('foo')), 10_000);
    expect(status.timeline.map((e) => e.event)).toContain(`unknown signal 'foo' ignored`);
    expect(status.phase).toBe('scheduled');
    await h.rollouts.cancelRollout(workflowId);
  });
});

describe('updates', () => {
  it('a refusal is a non-retryable RolloutActionRefused failure; the library still says why', async () => {
    const workflowId = await scheduledRollout();
    const raw = await h.temporal.workflow
      .getHandle(workflowId)
      .executeUpdate(retryUpdate, { args: [{}] })
      .catch((e: unknown) => e);
    expect(raw).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (raw as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({
      nonRetryable: true,
      type: 'RolloutActionRefused',
      message: 'retry makes no sense in phase scheduled',
    });

    const refused = await h.rollouts.retryRollout(workflowId).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RolloutActionRefused);
    expect((refused as RolloutActionRefused).why).toBe('retry makes no sense in phase scheduled');
    await h.rollouts.cancelRollout(workflowId);
  });
});
