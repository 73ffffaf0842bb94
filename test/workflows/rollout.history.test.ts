import { describe, expect, it } from 'vitest';
import type { RolloutHarness } from '../support/rolloutHarness';
import { useRolloutHarness } from '../support/useRolloutHarness';

// The same rollout with jobs 3.3× longer must not have a longer history: the followers poll
// inside heartbeating activities, so waiting costs no events.
const fast = useRolloutHarness({ speed: 200, fleet: 3, mirrors: 1 });
const slow = useRolloutHarness({ speed: 60, fleet: 3, mirrors: 1 });

async function historyLength(h: RolloutHarness, imageId: number): Promise<{ events: number; seconds: number }> {
  const started = Date.now();
  const { workflowId } = await h.rollouts.startRollout({ accountServiceId: 1001, imageId, machineId: 7 });
  expect((await h.rollouts.result(workflowId)).phase).toBe('completed');
  const history = await h.rollouts.handle(workflowId).fetchHistory();
  const calls = (await h.admin.stats()).calls;
  const perJob = [calls['imagediff/status'], calls['imageversion/status'], calls['imageinstall/status']].join('/');
  console.log(`status calls diff/version/installs: ${perJob}`);
  return { events: history.events?.length ?? 0, seconds: (Date.now() - started) / 1000 };
}

describe('history size', () => {
  it('does not grow with job duration', async () => {
    const [short, long] = await Promise.all([historyLength(fast, 700), historyLength(slow, 701)]);
    console.log(
      `history events: ${short.events} for a ${short.seconds.toFixed(1)} s rollout, ${long.events} for a ${long.seconds.toFixed(1)} s rollout`,
    );
    expect(long.seconds).toBeGreaterThan(short.seconds * 2);
    // Same steps, same events. (A slow machine can make the fast run find its installs already
    // finished and skip queueing them: a few events fewer. A timer per poll would add dozens.)
    expect(long.events).toBeLessThanOrEqual(short.events + 8);
    expect(long.events).toBeLessThan(70);
  });
});
