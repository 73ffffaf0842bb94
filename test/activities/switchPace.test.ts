import { describe, expect, it } from 'vitest';
import { nextPace, nextSwitchLookMs } from '../../src/activities/switchPace';
import type { FleetSwitchStatus } from '../../src/clanforge/fleetSchemas';

// A switch of 1,000 servers in batches of 100, one batch every 10 s from t = 0.
const status = (processed: number): FleetSwitchStatus =>
  ({
    serversProcessed: processed,
    serversPending: 1_000 - processed,
    profileId: 2,
    state: 'processing',
  }) as FleetSwitchStatus;

describe('the pace of a profile switch', () => {
  it('has no plan before a batch ended', () => {
    const pace = nextPace(undefined, status(0));
    expect(nextSwitchLookMs(pace, status(0), 0, 5_000)).toBeUndefined();
  });

  it('learns the batch from the smallest move of the count', () => {
    let pace = nextPace(undefined, status(300));
    expect(pace.step).toBe(300);
    pace = nextPace(pace, status(400));
    expect(pace.step).toBe(100);
    pace = nextPace(pace, status(400));
    expect(pace.step).toBe(100);
  });

  it('looks halfway to the soonest end while less than half is done, then at the soonest end', () => {
    // At 35 s, 300 done (the fourth batch runs): at most 400 per 35 s, so not before 87.5 s.
    let pace = nextPace(nextPace(undefined, status(200)), status(300));
    expect(nextSwitchLookMs(pace, status(300), 0, 35_000)).toBeCloseTo((35_000 + 87_500) / 2);
    // At 75 s, 700 done: not before 75 × 1,000 / 800 = 93.75 s (the true end: 100 s).
    pace = nextPace(pace, status(700));
    expect(nextSwitchLookMs(pace, status(700), 0, 75_000)).toBeCloseTo(93_750);
  });
});
