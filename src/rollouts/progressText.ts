import { machinesProgress } from '../contract/installs';
import type { RolloutStatus } from '../contract/rollout/status';

/**
 * A rollout's progress in a few words, for a release's per-image line: the fleet (or its jobs)
 * while installing, the followed job otherwise, or what it waits for.
 */
export function progressText(status: RolloutStatus): string {
  if (status.awaiting) return `awaiting: ${status.awaiting.reason}`;
  const machines = machinesProgress(status.fleet, status.installs);
  if (status.step === 'install' && machines)
    return `machines ${machines.done}/${machines.total} done, ${machines.failed} failed`;
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
