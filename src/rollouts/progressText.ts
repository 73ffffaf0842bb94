import type { RolloutStatus } from '../contract/rollout/status';

/**
 * A rollout's progress in a few words, for a release's per-image line: the fleet while
 * installing, the followed job otherwise, or what it waits for.
 */
export function progressText(status: RolloutStatus): string {
  if (status.awaiting) return `awaiting: ${status.awaiting.reason}`;
  const fleet = status.fleet;
  if (status.step === 'install' && fleet) {
    const total = fleet.completedMachines + fleet.failedMachines + fleet.pendingMachines;
    return `machines ${fleet.completedMachines}/${total} done, ${fleet.failedMachines} failed`;
  }
  const job = status.job;
  const warnings = status.warnings?.length ? ` · ⚠ ${status.warnings.join('; ')}` : '';
  if (job && status.step)
    return (
      `${job.kind} ${job.id} ${status.jobstatename ?? job.jobstatename ?? ''} ${Math.round(status.jobprogress ?? job.jobprogress ?? 0)}%`
        .replace(/\s+/g, ' ')
        .trim() + warnings
    );
  return (status.timeline.at(-1)?.event ?? status.phase) + warnings;
}
