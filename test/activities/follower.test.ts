import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { pollOnce } from '../../src/activities/pollOnce';
import { DEFAULT_POLL_POLICY, scalePolicy } from '../../src/activities/pollSchedule';

// One poll on its own, in Temporal's mock activity environment (no server needed): what it takes
// from the attempt before it (follower.ts FollowProgress, carried as heartbeat details).
const policy = scalePolicy(DEFAULT_POLL_POLICY, 1_000);

describe('pollOnce', () => {
  it('starts fresh when the attempt before heartbeat something else (an activity that queued first)', async () => {
    const env = new MockActivityEnvironment({ heartbeatDetails: { queueing: 3 }, heartbeatTimeoutMs: 0 });
    const outcome = await env.run(() =>
      pollOnce<number>({
        policy,
        fetch: () => Promise.resolve(1),
        isDone: (n) => n >= 1,
        timing: () => ({ jobstateid: 5, jobprogress: 100 }),
      }),
    );
    // Resumed from foreign details, the poll count would be NaN.
    expect(outcome).toMatchObject({ polls: 1, errors: 0, resumedAtPoll: 0, last: 1 });
  });

  it('resumes from its own heartbeat', async () => {
    const env = new MockActivityEnvironment({
      heartbeatDetails: { polls: 5, errors: 1, overduePolls: 0, last: 1 },
      heartbeatTimeoutMs: 0,
    });
    const outcome = await env.run(() =>
      pollOnce<number>({
        policy,
        fetch: (previous) => Promise.resolve((previous ?? 0) + 1),
        isDone: (n) => n >= 2,
        timing: () => ({ jobstateid: 3, jobprogress: 0 }),
      }),
    );
    expect(outcome).toMatchObject({ polls: 6, errors: 1, resumedAtPoll: 5, last: 2 });
  });
});
