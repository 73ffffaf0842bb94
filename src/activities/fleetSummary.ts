import type { ImageRolloutStatus, InstallJob } from '../clanforge/schemas';
import { JobState } from '../contract/jobStates';
import {
  FAILED_MACHINES_LISTED,
  type FailedMachine,
  type FleetCounts,
  type InstallSummary,
} from '../contract/installs';

export function fleetCountsOf(
  status: Pick<ImageRolloutStatus, 'pending_machines' | 'failed_machines' | 'completed_machines'>,
): FleetCounts {
  return {
    pendingMachines: status.pending_machines,
    failedMachines: status.failed_machines,
    completedMachines: status.completed_machines,
  };
}

/** Region counts by region name (summed over fleets), from a `detail=true` answer. */
export function locationsOf(status: ImageRolloutStatus): Record<string, FleetCounts> {
  const byLocation: Record<string, FleetCounts> = {};
  for (const fleet of Object.values(status.fleets ?? {})) {
    for (const [regionId, region] of Object.entries(fleet.regions ?? {})) {
      const counts = (byLocation[region.name ?? `region ${regionId}`] ??= {
        pendingMachines: 0,
        failedMachines: 0,
        completedMachines: 0,
      });
      counts.pendingMachines += region.pending_machines;
      counts.failedMachines += region.failed_machines;
      counts.completedMachines += region.completed_machines;
    }
  }
  return byLocation;
}

export function failedMachineOf(job: InstallJob): FailedMachine {
  return { jobId: job.jobid, machine: job.machine, location: job.location, error: job.joberror };
}

/**
 * Counts one `imageinstall/status` listing of a version's jobs against the ids seen so far, and
 * never fewer than `seenBefore` (after a worker change the ids seen are lost, the count is not).
 * A job no longer listed is done unless the v2 image status counts more failed machines than the
 * listing shows: whether a failed install stays listed is open in the docs (clanforge-api.md 7),
 * so those it counts are failed, not done, either way.
 */
export function countListing(
  listed: InstallJob[],
  seen: Set<number>,
  seenBefore = 0,
  fleetFailed = 0,
): Pick<InstallSummary, 'jobsSeen' | 'open' | 'failed' | 'done' | 'failedMachines' | 'failedTotal'> {
  for (const job of listed) seen.add(job.jobid);
  const failed = listed.filter((job) => job.jobstateid === JobState.Failed);
  const open = listed.filter((job) => job.jobstateid < JobState.Completed).length;
  const jobsSeen = Math.max(seen.size, seenBefore);
  const failedTotal = Math.max(failed.length, fleetFailed);
  return {
    jobsSeen,
    open,
    failed: failed.length,
    done: Math.max(0, jobsSeen - open - failedTotal),
    failedMachines: failed.slice(0, FAILED_MACHINES_LISTED).map(failedMachineOf),
    failedTotal,
  };
}
