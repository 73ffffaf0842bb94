import type { FollowJobResult, FollowWarning, WarningKind, WatchClock, WatchRequest } from '../../activities';
import type { JobKind, JobSnapshot } from '../../contract/jobs';
import type { RolloutContext } from './context';
import type { Step } from '../../contract/rollout/status';

export type FollowedJob = FollowJobResult & { job: JobSnapshot };

/**
 * Runs a follower to its end, showing each new warning (past its eta, no progress, API silent) as
 * it first appears: the follower ends early to report it, and is called again with it known, so a
 * warning costs one activity (3 events), not one per poll. Past `stuckAfterMinutes` the follower
 * fails with JobStuck, which `persist` turns into awaiting-operator: `retry` follows again.
 */
export async function followWithWarnings<R extends { warning?: FollowWarning; clock?: WatchClock }>(
  ctx: RolloutContext,
  step: Step,
  follow: (watch: WatchRequest, again: boolean) => Promise<R>,
): Promise<R> {
  const known: WarningKind[] = [];
  let clock: WatchClock | undefined;
  try {
    for (let again = false; ; again = true) {
      const result = await follow({ stuckAfterMinutes: ctx.input.stuckAfterMinutes, known: [...known], clock }, again);
      if (!result.warning) return result;
      known.push(result.warning.kind);
      clock = result.clock;
      ctx.tracker.warn(step, result.warning.text);
    }
  } finally {
    ctx.tracker.clearWarnings();
  }
}

/** Follows one update, diff or version job to its end (followWithWarnings); `justCreated` when the step just created or retried it. */
export async function followWatched(
  ctx: RolloutContext,
  step: Step,
  kind: JobKind,
  id: number,
  justCreated = false,
): Promise<FollowedJob> {
  const followed = await followWithWarnings(ctx, step, async (watch, again) => {
    const result = await ctx.followers.followJob({
      kind,
      accountServiceId: ctx.input.accountServiceId,
      id,
      watch,
      ...(justCreated && !again ? { justCreated } : {}),
    });
    if (result.job) ctx.tracker.job(result.job);
    return result;
  });
  return followed as FollowedJob;
}
