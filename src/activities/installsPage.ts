import type { ClanforgeClient } from '../clanforge/client';
import { JobState, stateName } from '../contract/jobStates';
import { readCall } from './failures';

export interface InstallsPageInput {
  accountServiceId: number;
  imageVersionId: number;
  /** Only the Failed ones (what an operator retries). */
  failedOnly?: boolean;
  offset?: number;
  /** At most MAX_PAGE. */
  limit?: number;
}

export interface InstallRow {
  jobId: number;
  machine?: number;
  location?: string;
  mirroring: boolean;
  state: string;
  progress: number;
  error?: string;
}

export interface InstallsPage {
  imageVersionId: number;
  /** Matching jobs in Clanforge's list right now (it lists incomplete jobs only: completed machines are counted, not listed). */
  total: number;
  offset: number;
  rows: InstallRow[];
}

/** A page stays well under Temporal's payload limits whatever the fleet. */
export const MAX_PAGE = 500;

/** One page of a version's install jobs, read from Clanforge on demand (`clanforge-rollout installs`). */
export function installsPageActivity(client: ClanforgeClient) {
  return {
    async listInstallJobs(input: InstallsPageInput): Promise<InstallsPage> {
      const offset = Math.max(0, Math.trunc(input.offset ?? 0));
      const limit = Math.min(MAX_PAGE, Math.max(1, Math.trunc(input.limit ?? 100)));
      const listed = await readCall(() => client.imageInstallStatus(input.accountServiceId));
      const matching = listed
        .filter(
          (job) =>
            job.target_imageversionid === input.imageVersionId &&
            (!input.failedOnly || job.jobstateid === JobState.Failed),
        )
        .sort((a, b) => a.jobid - b.jobid);
      return {
        imageVersionId: input.imageVersionId,
        total: matching.length,
        offset,
        rows: matching.slice(offset, offset + limit).map((job) => ({
          jobId: job.jobid,
          machine: job.machine,
          location: job.location,
          mirroring: job.mirroring,
          state: job.jobstatename || stateName(job.jobstateid),
          progress: job.jobprogress,
          error: job.joberror,
        })),
      };
    },
  };
}
