import type { ClanforgeClient } from '../clanforge/client';
import type { InstallJob } from '../clanforge/schemas';
import { writeCall } from './failures';
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

/** Image install queue. */
export function imageInstallActivities(client: ClanforgeClient) {
  return {
    async queueInstallJob(input: {
      accountServiceId: number;
      jobId: number;
      mirroring: boolean;
    }): Promise<QueueResult> {
      return writeCall(() => queueOne(client, input.accountServiceId, input.jobId, input.mirroring));
    },
  };
}
