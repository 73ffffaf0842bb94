// Test-only workflow that drives the job follower the way the rollout does: one activity per job,
// one poll per attempt.
import { proxyActivities } from '@temporalio/workflow';
import type { FollowJobInput, RolloutActivities } from '../../src/activities';

export interface FollowTestInput extends FollowJobInput {
  heartbeatTimeoutMs: number;
}

function follower(heartbeatTimeoutMs: number) {
  return proxyActivities<RolloutActivities>({
    startToCloseTimeout: '1 hour',
    heartbeatTimeout: heartbeatTimeoutMs,
    retry: { initialInterval: '200 ms', maximumInterval: '2 s' },
  });
}

export async function followJobTestWorkflow(input: FollowTestInput) {
  const { heartbeatTimeoutMs, ...followInput } = input;
  return follower(heartbeatTimeoutMs).followJob(followInput);
}
