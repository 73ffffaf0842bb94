/**
 * What marks a job follower's heartbeat (activities/follower.ts FollowProgress) among the
 * heartbeats of a workflow's activities: the resuming poll and the live status read only that
 * one (a webhook delivery, for one, heartbeats its tries).
 */
export function isFollowerHeartbeat(
  details: unknown,
): details is { polls: number; errors: number; overduePolls: number } {
  const d = details as Partial<Record<'polls' | 'errors' | 'overduePolls', unknown>> | undefined;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.polls === 'number' &&
    typeof d.errors === 'number' &&
    typeof d.overduePolls === 'number'
  );
}
