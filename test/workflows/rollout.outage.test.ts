import { describe, expect, it } from 'vitest';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { sleep, waitFor } from '../support/wait';

const h = useRolloutHarness({ speed: 200, fleet: 2 });

describe('a Clanforge outage', () => {
  it('past six refused creates (half a minute), the create keeps trying on the reads schedule and the rollout completes without an operator', async () => {
    const diffCreates = async () => (await h.createCalls())['imagediff/create']!;
    const before = await diffCreates();
    // Every call refused with 429 (Retry-After 1 s): a floor under the 1 s, 2 s, 4 s … schedule.
    await h.admin.setFaults({ rate429: 1, retryAfter: 1 });
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: 1001,
      imageId: 100,
      machineId: 7,
      retryDelaySeconds: 0,
    });
    // Before the fix the sixth refusal (31 s in) ended the create, and the rollout waited for an
    // operator at once. Now the seventh attempt is 32 s later: the outage ends before it.
    await waitFor(diffCreates, (calls) => calls - before >= 6, { what: 'six refused diff creates', timeoutMs: 60_000 });
    await sleep(2_000);
    const during = await h.rollouts.getRollout(workflowId);
    expect(during.phase).toBe('diffing');
    expect(during.awaiting).toBeNull();
    await h.admin.setFaults({});
    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('completed');
    expect(result.created.diffIds).toHaveLength(1);
    expect(result.attempts.diff).toBe(1);
    expect((await diffCreates()) - before).toBe(7);
    expect(result.timeline.some((t) => /Signal retry/.test(t.event))).toBe(false);
  });
});
