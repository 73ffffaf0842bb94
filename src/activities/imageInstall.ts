import type { ClanforgeClient } from '../clanforge/client';
import type { InstallJob } from '../clanforge/schemas';
import { heartbeat } from '@temporalio/activity';
import { isClanforgeError } from '../clanforge/errors';
import { readCall, toActivityFailure, writeCall } from './failures';
import type { JobSnapshot } from '../contract/jobs';
import { snapshotOf } from './snapshots';

export interface InstallJobSnapshot extends JobSnapshot {
  mirroring: boolean;
  machine?: number;
  location?: string;
  mirror?: string;
  installAt?: number;
  imageVersionId: number;
}

export interface QueueResult {
  jobId: number;
  versionMirrorId?: number;
  machineJobId?: number;
  installsSquashed?: number;
  job: JobSnapshot;
}

export function installSnapshotOf(item: InstallJob): InstallJobSnapshot {
  return {
    ...snapshotOf('install', item.jobid, item),
    mirroring: item.mirroring,
    machine: item.machine,
    location: item.location,
    mirror: item.mirror,
    installAt: item.install_at,
    imageVersionId: item.target_imageversionid,
  };
}

export interface QueueOutcome {
  jobId: number;
  queued?: QueueResult;
  /** Why Clanforge refused to queue this job. */
  error?: string;
}

async function queueOne(
  client: ClanforgeClient,
  accountServiceId: number,
  jobId: number,
  mirroring: boolean,
): Promise<QueueResult> {
  const result = await client.imageInstallQueue(accountServiceId, jobId, mirroring);
  return {
    jobId,
    versionMirrorId: result.versionmirrorid,
    machineJobId: result.machinejobid,
    installsSquashed: result.installs_squashed,
    job: snapshotOf('install', jobId, result),
  };
}

/** Image install status (filtered to one version) / queue. */
export function imageInstallActivities(client: ClanforgeClient) {
  return {
    /** The incomplete install jobs of one image version (the API lists the whole ASID). */
    async findInstallJobs(input: { accountServiceId: number; imageVersionId: number }): Promise<InstallJobSnapshot[]> {
      const installs = await readCall(() => client.imageInstallStatus(input.accountServiceId));
      return installs.filter((i) => i.target_imageversionid === input.imageVersionId).map(installSnapshotOf);
    },

    async queueInstallJob(input: {
      accountServiceId: number;
      jobId: number;
      mirroring: boolean;
    }): Promise<QueueResult> {
      return writeCall(() => queueOne(client, input.accountServiceId, input.jobId, input.mirroring));
    },

    /**
     * Queues many install jobs in one activity, so a fleet of hundreds costs one history entry.
     * Queueing a job that is already queued or running changes nothing, so this may be retried
     * as a whole; each job's own refusal is reported, not thrown.
     */
    async queueInstallJobs(input: {
      accountServiceId: number;
      jobs: { jobId: number; mirroring: boolean }[];
    }): Promise<QueueOutcome[]> {
      const outcomes: QueueOutcome[] = [];
      for (const job of input.jobs) {
        heartbeat(outcomes.length);
        try {
          outcomes.push({
            jobId: job.jobId,
            queued: await queueOne(client, input.accountServiceId, job.jobId, job.mirroring),
          });
        } catch (error) {
          if (isClanforgeError(error) && error.transient) throw toActivityFailure(error);
          outcomes.push({ jobId: job.jobId, error: error instanceof Error ? error.message : String(error) });
        }
      }
      return outcomes;
    },
  };
}
