import { describe, expect, it } from 'vitest';
import { useRolloutHarness } from '../support/useRolloutHarness';

// 100 images in 10 waves: each run of the release holds one wave (continue-as-new between
// waves), so no run's history grows with the number of waves, and none is large.
const h = useRolloutHarness({ speed: 600, fleet: 1, mirrors: 0 });

describe('release history', () => {
  it('100 images in 10 waves: every run small, the same size whatever the wave', async () => {
    const images = Array.from({ length: 100 }, (_, i) => ({
      accountServiceId: 5103,
      imageId: i + 1,
      machineId: 7,
      wave: Math.floor(i / 10) + 1,
    }));
    const { workflowId } = await h.rollouts.startRelease({ releaseId: 'hundred', pauseBetweenWaves: false, images });
    const result = await h.rollouts.releaseResult(workflowId);
    expect(result.phase).toBe('completed');
    expect(result.images.filter((i) => i.phase === 'completed')).toHaveLength(100);

    const runs: { runId: string; events: number; bytes: number }[] = [];
    for await (const wf of h.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
      const events = (await h.temporal.workflow.getHandle(workflowId, wf.runId).fetchHistory()).events ?? [];
      runs.push({ runId: wf.runId, events: events.length, bytes: JSON.stringify(events).length });
    }
    const sizes = runs.map((r) => r.events).sort((a, b) => a - b);
    process.stdout.write(
      `release of 100 images in 10 waves: ${runs.length} runs, events per run ${sizes.join(' ')}, largest ${Math.max(...runs.map((r) => r.bytes))} bytes\n`,
    );
    expect(runs).toHaveLength(10);
    // One wave of 10 images per run: the largest run is no bigger than the first (wave 1) by more than a little.
    expect(sizes.at(-1)!).toBeLessThan(sizes[0]! * 1.5);
    expect(sizes.at(-1)!).toBeLessThan(500);
    expect(Math.max(...runs.map((r) => r.bytes))).toBeLessThan(1_000_000);
  });
});
