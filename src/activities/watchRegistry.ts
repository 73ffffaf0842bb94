import type { WarningKind } from './stuckWatch';

/**
 * The warnings of the followers running in this worker process, by activity: what the
 * `clanforge_rollout_jobs_warning` gauge reports. Process-wide on purpose: a worker's metrics
 * describe that worker; Prometheus sums the workers.
 */
const current = new Map<string, readonly WarningKind[]>();

export function setFollowerWarnings(activityKey: string, kinds: readonly WarningKind[]): void {
  if (kinds.length === 0) current.delete(activityKey);
  else current.set(activityKey, kinds);
}

export function clearFollower(activityKey: string): void {
  current.delete(activityKey);
}

/** Followers per warning kind right now. */
export function followersWarning(): Record<WarningKind, number> {
  const counts: Record<WarningKind, number> = { overdue: 0, 'no-progress': 0, silent: 0 };
  for (const kinds of current.values()) for (const kind of kinds) counts[kind]++;
  return counts;
}
