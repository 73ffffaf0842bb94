import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RolloutPhase } from '../../src/temporal/searchAttributes';
import { startRolloutHarness, type RolloutHarness } from '../support/rolloutHarness';

const ASID = 1001;
let h: RolloutHarness;

beforeAll(async () => {
  h = await startRolloutHarness({ speed: 200, fleet: 4, mirrors: 1 });
});
afterAll(() => h?.close());

describe('rollout happy path', () => {
  it('diff → version → installs, completed with every id, one create of each', async () => {
    const input = { accountServiceId: ASID, imageId: 31, machineId: 7, gameBuild: '1.4.2' };
    const started = await h.rollouts.startRollout(input);
    expect(started).toMatchObject({ workflowId: `rollout-${ASID}-31`, started: true });
    const result = await h.rollouts.result(started.workflowId);
    expect(result.phase).toBe('completed');
    expect(result.diffId).toBeGreaterThan(0);
    expect(result.imageVersionId).toBeGreaterThan(0);
    expect(result.installs).toHaveLength(4);
    expect(result.installs.every((i) => i.outcome === 'completed')).toBe(true);
    expect(result.installs.filter((i) => i.mirroring)).toHaveLength(1);
    for (const i of result.installs.filter((r) => r.queued > 0)) {
      expect(i.mirroring ? i.versionMirrorId : i.machineJobId).toBe(i.jobId);
    }
    expect(await h.createCalls()).toMatchObject({ 'imagediff/create': 1, 'imageversion/create': 1, 'imagediff/retry': 0, 'imagediff/reject': 0 });

    const status = await h.rollouts.getRollout(started.workflowId);
    expect(status).toMatchObject({ phase: 'completed', diffId: result.diffId, imageVersionId: result.imageVersionId, awaiting: null });
    const description = await h.rollouts.handle(started.workflowId).describe();
    expect(description.typedSearchAttributes.get(RolloutPhase)).toBe('completed');
  });
});
