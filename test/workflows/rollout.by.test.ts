import { describe, expect, it } from 'vitest';
import { RolloutClient } from '../../src/client';
import { operatorName } from '../../src/rollouts/operatorName';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { temporalCli } from '../support/temporalCli';

// Who did what: every operator action says who sent it (`by`); the client library fills it with
// user@host; a signal without it (the Web UI) is recorded as by an unnamed operator.
const ASID = 5104;
const h = useRolloutHarness({ speed: 200, fleet: 2, mirrors: 0 });

describe('operator actions record who sent them', () => {
  it('approve by alice@build-01: in status, timeline and result', async () => {
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: 1,
      machineId: 7,
      requireApproval: true,
    });
    await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-approval');
    await h.rollouts.approveRollout(workflowId, { by: 'alice@build-01' });
    const status = await h.waitForStatus(workflowId, (s) => (s.actions ?? []).length === 1);
    expect(status.actions).toEqual([{ action: 'approve', by: 'alice@build-01', at: expect.any(String) }]);
    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('completed');
    expect(result.actions).toEqual([{ action: 'approve', by: 'alice@build-01', at: expect.any(String) }]);
    expect(result.timeline.map((e) => e.event)).toContain('operator: approve by alice@build-01');
  });

  it('the client library fills in user@host; a signal without `by` is by an unnamed operator', async () => {
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: 2,
      machineId: 7,
      installAt: Math.floor(Date.now() / 1000) + 3600,
    });
    await h.waitForStatus(workflowId, (s) => s.phase === 'scheduled');
    await h.rollouts.proceedNow(workflowId);
    await h.waitForStatus(workflowId, (s) => s.phase !== 'scheduled');
    await h.rollouts.cancelRollout(workflowId, 'enough');
    await h.rollouts.result(workflowId).catch(() => undefined);

    const { workflowId: second } = await h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: 3,
      machineId: 7,
      requireApproval: true,
    });
    await h.waitForStatus(second, (s) => s.phase === 'awaiting-approval');
    await temporalCli(
      'workflow',
      'signal',
      '--workflow-id',
      second,
      '--name',
      'reject',
      '--input',
      '{"reason":"from the Web UI"}',
    );
    const rejected = await h.rollouts.result(second);
    expect(rejected.actions).toEqual([{ action: 'reject', at: expect.any(String), reason: 'from the Web UI' }]);
    expect(rejected.timeline.map((e) => e.event)).toContain(
      'operator: reject by an unnamed operator (from the Web UI)',
    );

    const first = await h.rollouts.result(workflowId);
    expect(first.actions?.map((a) => [a.action, a.by])).toEqual([
      ['proceedNow', operatorName()],
      ['cancel', operatorName()],
    ]);
  });

  it("with TEMPORAL_UI_URL known to the client, the rollout's details link to its page in the Web UI", async () => {
    const client = new RolloutClient(h.temporal, h.taskQueue, 'http://ui.example:8080');
    const { workflowId } = await client.startRollout({
      accountServiceId: ASID,
      imageId: 4,
      machineId: 7,
      installAt: Math.floor(Date.now() / 1000) + 3600,
    });
    const details = await (await client.handle(workflowId).describe()).staticDetails();
    expect(details).toContain(`**Web UI** http://ui.example:8080/namespaces/default/workflows/${workflowId}`);
    await client.cancelRollout(workflowId, 'link seen');
    await client.result(workflowId);
  });
});
