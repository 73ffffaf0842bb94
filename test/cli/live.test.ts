import { describe, expect, it } from 'vitest';
import { fakeClient, run } from './helpers';

// `live --fleet` and `rollback` against a fake client: flags, words, exit codes.
describe('clanforge-rollout live and rollback', () => {
  it('live: bad or missing --fleet is a usage error naming the flag (exit 2)', async () => {
    const client = fakeClient();
    expect(await run(['live'], client)).toMatchObject({ code: 2, stderr: 'clanforge-rollout: --fleet: is required\n' });
    const bad = await run(['live', '--fleet', 'f 1'], client);
    expect(bad).toMatchObject({
      code: 2,
      stderr: 'clanforge-rollout: --fleet: must be letters, digits and . _ : - only\n',
    });
    expect(client.fleetLive).not.toHaveBeenCalled();
  });

  it('live: says when no workflow switched the fleet, and names the rollout that did', async () => {
    const client = fakeClient();
    expect((await run(['live', '--fleet', 'f-1'], client)).stdout).toMatch(
      /^fleet f-1: no rollout or rollback in Temporal switched it/,
    );
    client.fleetLive.mockResolvedValueOnce({
      fleetId: 'f-1',
      profileId: 502,
      imageId: 43,
      gameBuild: '1.4.2',
      imageRolloutId: 'rollout-1001-43',
      madeLiveBy: {
        workflowId: 'rollout-1001-43',
        runId: 'r',
        workflowType: 'rollout',
        phase: 'completed',
        closedAt: '2026-12-03T00:00:00.000Z',
      },
    });
    const shown = await run(['live', '--fleet', 'f-1'], client);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/live profile\s+502\n\s+image\s+43\n\s+game build\s+1\.4\.2\n/);
    expect(shown.stdout).toMatch(/made live by\s+rollout rollout-1001-43 \(cutover completed\)/);
  });

  it('rollback: sends the reason and --by; a started rollback workflow is named', async () => {
    const client = fakeClient();
    const running = await run(['rollback', 'r-1', '--reason', 'bad', '--by', 'bob@ci'], client);
    expect(running).toMatchObject({ code: 0, stdout: 'rollback accepted by r-1 (phase baking)\n' });
    expect(client.rollbackRollout).toHaveBeenCalledWith('r-1', 'bad', { by: 'bob@ci' });

    client.rollbackRollout.mockResolvedValueOnce({
      accepted: true,
      phase: 'completed',
      rollbackWorkflowId: 'rollback-f-1-3',
    });
    const started = await run(['rollback', 'r-2'], client);
    expect(started.code).toBe(0);
    expect(started.stdout).toMatch(/^rollback of r-2 \(phase completed\) started as workflow rollback-f-1-3\n/);
  });
});
