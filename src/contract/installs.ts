// A version's installs in counts: what activities return, the workflow stores and `status` answers.

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
  /** Listed as Failed (Clanforge may keep them listed until re-queued; the docs leave it open). */
  failed: number;
  /** Seen before, no longer listed, and not among the failed machines the image status counts: completed or squashed. */
  done: number;
  queued: number;
  queueRefused: number;
  /** From v2 image status: the whole fleet, and per region (by name) with `detail=true`. */
  fleet?: FleetCounts;
  /** Why there is no `fleet`: the v2 image status (BETA in older docs) refused for this account. */
  fleetUnavailable?: string;
  byLocation: Record<string, FleetCounts>;
  /** The first FAILED_MACHINES_LISTED failed machines that are listed; `failedTotal` counts them all. */
  failedMachines: FailedMachine[];
  /** Listed as Failed, or the image status's failed machines if more (failed installs that left the list). */
  failedTotal: number;
}

/** The fleet's counts in words, the same in the timeline, warnings and current details. */
export function fleetText(fleet: FleetCounts | undefined): string {
  return fleet
    ? `${fleet.completedMachines} completed, ${fleet.failedMachines} failed, ${fleet.pendingMachines} pending`
    : 'no fleet counts';
}

/** Machines done of all, from the fleet's counts, or while none came yet (the image status is read when the jobs end) from the jobs seen. */
export function machinesProgress(
  fleet: FleetCounts | undefined,
  installs: InstallSummary | null | undefined,
): { done: number; total: number; failed: number } | undefined {
  if (fleet)
    return {
      done: fleet.completedMachines,
      total: fleet.completedMachines + fleet.failedMachines + fleet.pendingMachines,
      failed: fleet.failedMachines,
    };
  if (installs && installs.jobsSeen > 0)
    return { done: installs.done, total: installs.jobsSeen, failed: installs.failedTotal };
  return undefined;
}
