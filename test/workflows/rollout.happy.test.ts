import { describe, expect, it } from 'vitest';
import { RolloutPhase } from '../../src/contract/searchAttributes';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { temporalCli } from '../support/temporalCli';

const ASID = 1001;
const h = useRolloutHarness({ speed: 200, fleet: 4, mirrors: 1 });

describe('rollout happy path', () => {
  it('diff → version → installs, completed with every id, one create of each', async () => {
    const input = { accountServiceId: ASID, imageId: 31, machineId: 7, gameBuild: '1.4.2' };
    const started = await h.rollouts.startRollout(input);
    expect(started).toMatchObject({ workflowId: `rollout-${ASID}-31`, started: true });
    const result = await h.rollouts.result(started.workflowId);
    expect(result.phase).toBe('completed');
    expect(result.diffId).toBeGreaterThan(0);
    expect(result.imageVersionId).toBeGreaterThan(0);
    // Counts, not per-machine lists: 4 install jobs, all done, the fleet confirmed by the image status.
    expect(result.installs).toMatchObject({
      jobsSeen: 4,
      open: 0,
      failed: 0,
      done: 4,
      failedTotal: 0,
      queueRefused: 0,
    });
    expect(result.fleet).toEqual({ pendingMachines: 0, failedMachines: 0, completedMachines: 4 });
    expect(await h.createCalls()).toMatchObject({
      'imagediff/create': 1,
      'imageversion/create': 1,
      'imagediff/retry': 0,
      'imagediff/reject': 0,
    });

    const status = await h.rollouts.getRollout(started.workflowId);
    expect(status).toMatchObject({
      phase: 'completed',
      diffId: result.diffId,
      imageVersionId: result.imageVersionId,
      awaiting: null,
    });
    const description = await h.rollouts.handle(started.workflowId).describe();
    expect(description.typedSearchAttributes.get(RolloutPhase)).toBe('completed');
  });

  it('starting a rollout whose id is running, with the same input, attaches to it instead of starting a second', async () => {
    const input = {
      accountServiceId: ASID,
      imageId: 32,
      machineId: 7,
      installAt: Math.floor(Date.now() / 1000) + 3600,
    };
    const first = await h.rollouts.startRollout(input);
    const second = await h.rollouts.startRollout({ ...input, restart: false });
    expect(second).toEqual({ workflowId: first.workflowId, runId: first.runId, started: false });
    await h.waitForStatus(first.workflowId, (s) => s.phase === 'scheduled');
    expect((await h.createCalls())['imagediff/create']).toBe(2);
    await h.rollouts.cancelRollout(first.workflowId);
    await h.rollouts.result(first.workflowId);
  });

  it('operators drive it with the temporal CLI: query status, signal proceedNow and cancel; list by phase', async () => {
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: 33,
      machineId: 7,
      gameBuild: 'cli-1',
      installAt: Math.floor(Date.now() / 1000) + 3600,
    });
    await h.waitForStatus(workflowId, (s) => s.phase === 'scheduled');
    const queried = JSON.parse(
      await temporalCli('workflow', 'query', '--workflow-id', workflowId, '--name', 'status', '--output', 'json'),
    ) as { queryResult: [{ phase: string; awaiting: { actions: string[] } }] };
    expect(queried.queryResult[0]).toMatchObject({
      phase: 'scheduled',
      awaiting: { actions: ['proceedNow', 'cancel'] },
    });
    await temporalCli('workflow', 'signal', '--workflow-id', workflowId, '--name', 'proceedNow', '--input', '{}');
    expect((await h.rollouts.result(workflowId)).phase).toBe('completed');
    const listed = await temporalCli(
      'workflow',
      'list',
      '--query',
      `RolloutPhase='completed' AND GameBuild='cli-1'`,
      '--output',
      'json',
    );
    expect(listed).toContain(workflowId);
    expect(
      (await h.rollouts.listRollouts({ phase: 'completed', gameBuild: 'cli-1' })).map((r) => r.workflowId),
    ).toEqual([workflowId]);

    const other = await h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: 34,
      machineId: 7,
      requireApproval: true,
    });
    await h.waitForStatus(other.workflowId, (s) => s.phase === 'awaiting-approval');
    await temporalCli(
      'workflow',
      'signal',
      '--workflow-id',
      other.workflowId,
      '--name',
      'cancel',
      '--input',
      '{"reason":"from the CLI"}',
    );
    expect(await h.rollouts.result(other.workflowId)).toMatchObject({ phase: 'cancelled', reason: 'from the CLI' });
  });
});
