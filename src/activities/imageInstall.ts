import type { ClanforgeClient } from '../clanforge/client';
import type { InstallJob } from '../clanforge/schemas';
import { readCall, writeCall } from './failures';
import { snapshotOf, type JobSnapshot } from './snapshots';

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

/** Image install status (filtered to one version) / queue. */
export function imageInstallActivities(client: ClanforgeClient) {
  return {
    /** The incomplete install jobs of one image version (the API lists the whole ASID). */
    async findInstallJobs(input: { accountServiceId: number; imageVersionId: number }): Promise<InstallJobSnapshot[]> {
      const installs = await readCall(() => client.imageInstallStatus(input.accountServiceId));
      return installs.filter((i) => i.target_imageversionid === input.imageVersionId).map(installSnapshotOf);
    },

    async queueInstallJob(input: { accountServiceId: number; jobId: number; mirroring: boolean }): Promise<QueueResult> {
      const result = await writeCall(() => client.imageInstallQueue(input.accountServiceId, input.jobId, input.mirroring));
      return {
        jobId: input.jobId,
        versionMirrorId: result.versionmirrorid,
        machineJobId: result.machinejobid,
        installsSquashed: result.installs_squashed,
        job: snapshotOf('install', input.jobId, result),
      };
    },
  };
}
