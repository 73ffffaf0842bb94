// Test-only workflows that drive the job follower the way the rollout will: one activity per job.
import { proxyActivities } from '@temporalio/workflow';
import type { FollowInstallsInput, FollowJobInput, RolloutActivities } from '../../src/activities';

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

export async function followInstallsTestWorkflow(input: FollowInstallsInput & { heartbeatTimeoutMs: number }) {
  const { heartbeatTimeoutMs, ...followInput } = input;
  return follower(heartbeatTimeoutMs).followInstalls(followInput);
}
