import type { WarningKind } from './stuckWatch';

/**
 * The warnings of the followers running in this worker process, by activity: what the
 * `clanforge_rollout_jobs_warning` gauge reports. Process-wide on purpose: a worker's metrics
 * describe that worker; Prometheus sums the workers.
 */
const current = new Map<string, { kinds: readonly WarningKind[]; until: number }>();

/**
 * `forMs`: how long the entry stands without news. A follower that polls between attempts
 * (pollOnce.ts) is not running in between, and its next poll may land on another worker, so its
 * entry lapses a little after that poll was due instead of waiting for a clear that never comes.
 */
export function setFollowerWarnings(activityKey: string, kinds: readonly WarningKind[], forMs = Infinity): void {
  if (kinds.length === 0) current.delete(activityKey);
  else current.set(activityKey, { kinds, until: Date.now() + forMs });
}

export function clearFollower(activityKey: string): void {
  current.delete(activityKey);
}

/** Followers per warning kind right now. */
export function followersWarning(): Record<WarningKind, number> {
  const counts: Record<WarningKind, number> = { overdue: 0, 'no-progress': 0, silent: 0 };
  const now = Date.now();
  for (const [key, { kinds, until }] of current) {
    if (until < now) current.delete(key);
    else for (const kind of kinds) counts[kind]++;
  }
  return counts;
}
