import type { ImageRolloutStatus, InstallJob } from '../clanforge/schemas';
import { JobState } from '../clanforge/jobStates';

/** The docs' own "is the fleet ready" signal (v2 image status), for the image's latest version. */
export interface FleetCounts {
  pendingMachines: number;
  failedMachines: number;
  completedMachines: number;
}

export interface FailedMachine {
  jobId: number;
  machine?: number;
  location?: string;
  error?: string;
}

/** How many failed machines a summary names; the rest are counted (`failedTotal`) and paged by `installs`. */
export const FAILED_MACHINES_LISTED = 20;

/**
 * A version's installs in counts, whatever the fleet size: what the workflow stores, returns and
 * answers in `status`. Per-machine lists stay in Clanforge (the CLI's `installs` pages them).
 */
export interface InstallSummary {
  imageVersionId: number;
  /** Install jobs of this version seen in `imageinstall/status` (it lists incomplete jobs only). */
  jobsSeen: number;
  /** Listed and not yet terminal. */
  open: number;
  /** Listed as Failed (Clanforge keeps them listed until re-queued). */
  failed: number;
  /** Seen before, no longer listed: completed or squashed. */
  done: number;
  queued: number;
  queueRefused: number;
  /** From v2 image status: the whole fleet, and per region (by name) with `detail=true`. */
  fleet?: FleetCounts;
  /** Why there is no `fleet`: the v2 image status (BETA in older docs) refused for this account. */
  fleetUnavailable?: string;
  byLocation: Record<string, FleetCounts>;
  /** The first FAILED_MACHINES_LISTED failed machines; `failedTotal` counts them all. */
  failedMachines: FailedMachine[];
  failedTotal: number;
}

/** The fleet's counts in words, the same in the timeline, warnings and current details. */
export function fleetText(fleet: FleetCounts | undefined): string {
  return fleet
    ? `${fleet.completedMachines} completed, ${fleet.failedMachines} failed, ${fleet.pendingMachines} pending`
    : 'no fleet counts';
}

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
 */
export function countListing(
  listed: InstallJob[],
  seen: Set<number>,
  seenBefore = 0,
): Pick<InstallSummary, 'jobsSeen' | 'open' | 'failed' | 'done' | 'failedMachines' | 'failedTotal'> {
  for (const job of listed) seen.add(job.jobid);
  const failed = listed.filter((job) => job.jobstateid === JobState.Failed);
  const open = listed.filter((job) => job.jobstateid < JobState.Completed).length;
  const jobsSeen = Math.max(seen.size, seenBefore);
  return {
    jobsSeen,
    open,
    failed: failed.length,
    done: jobsSeen - open - failed.length,
    failedMachines: failed.slice(0, FAILED_MACHINES_LISTED).map(failedMachineOf),
    failedTotal: failed.length,
  };
}
