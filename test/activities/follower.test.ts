import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { followUntilDone } from '../../src/activities/follower';
import { DEFAULT_POLL_POLICY, scalePolicy } from '../../src/activities/pollSchedule';

// The follower loop on its own, in Temporal's mock activity environment (no server needed).
const policy = scalePolicy(DEFAULT_POLL_POLICY, 1_000);

describe('followUntilDone', () => {
  it('starts fresh when the attempt before heartbeat something else (an activity that queued first)', async () => {
    const env = new MockActivityEnvironment({ heartbeatDetails: { queueing: 3 }, heartbeatTimeoutMs: 0 });
    let calls = 0;
    const outcome = await env.run(() =>
      followUntilDone<number>({
        policy,
        fetch: () => Promise.resolve(++calls),
        isDone: (n) => n >= 3,
        timing: () => ({ jobstateid: 4, jobprogress: 50, jobeta: Math.floor(Date.now() / 1000) - 10 }),
      }),
    );
    // Resumed from foreign details, the poll count was NaN and the overdue delay NaN: a tight loop.
    expect(outcome).toMatchObject({ polls: 3, errors: 0, resumedAtPoll: 0, last: 3 });
  });

  it('resumes from its own heartbeat', async () => {
    const env = new MockActivityEnvironment({
      heartbeatDetails: { polls: 5, errors: 1, overduePolls: 0, last: 1 },
      heartbeatTimeoutMs: 0,
    });
    const outcome = await env.run(() =>
      followUntilDone<number>({
        policy,
        fetch: (previous) => Promise.resolve((previous ?? 0) + 1),
        isDone: (n) => n >= 2,
        timing: () => ({ jobstateid: 3, jobprogress: 0 }),
      }),
    );
    expect(outcome).toMatchObject({ polls: 6, errors: 1, resumedAtPoll: 5, last: 2 });
  });
});
