import type { WorkflowExecutionDescription } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { liveStatus } from '../../src/rollouts/liveStatus';
import type { RolloutStatus } from '../../src/contract/rollout/status';

// The follower's heartbeat makes the status live; other activities heartbeat too (a webhook
// delivery heartbeats its tries) and must not hide it.
const beat = (details: unknown) => ({
  heartbeatDetails: { payloads: [{ data: Buffer.from(JSON.stringify(details)) }] },
});
const describeWith = (...pending: unknown[]) =>
  ({ raw: { pendingActivities: pending } }) as unknown as WorkflowExecutionDescription;
const status = { phase: 'versioning', job: null, warnings: [] } as unknown as RolloutStatus;
const job = { kind: 'version', id: 1004, jobstateid: 4, jobstatename: 'Running', jobprogress: 40 };

describe('liveStatus', () => {
  it("takes the follower's heartbeat, whichever pending activity comes first", () => {
    const live = liveStatus(
      status,
      describeWith(beat({ tries: 3 }), beat({ polls: 2, errors: 0, overduePolls: 0, last: { job } })),
    );
    expect(live).toMatchObject({ job, jobstatename: 'Running', jobprogress: 40 });
  });

  it('is the workflow status when no follower heartbeats', () => {
    expect(liveStatus(status, describeWith(beat({ tries: 3 })))).toEqual(status);
  });
});
