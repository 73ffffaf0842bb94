import { sleep } from '@temporalio/workflow';
import type { InstallJobSnapshot, InstallOutcome, QueueOutcome } from '../../../activities';
import { reads } from '../../shared/activities';
import { awaitRetry, persist, type RolloutContext } from '../context';
import { FAILED_MACHINES_LISTED, type InstallSummary } from '../../../contract/installs';

/** Install jobs appear when the version completes; give the platform a little while. */
const FIND_ATTEMPTS = 6;
const FIND_DELAY_MS = 5_000;

/** Per-machine, as rollouts recorded before the fleet-sized install step (install.ts) kept it. */
interface InstallRecord {
  jobId: number;
  machine?: number;
  location?: string;
  mirroring: boolean;
  mirror?: string;
  outcome: 'pending' | 'completed' | 'failed' | 'squashed';
  jobstateid?: number;
  joberror?: string;
  versionMirrorId?: number;
  machineJobId?: number;
  installsSquashed?: number;
  queued: number;
}

/**
 * Step 6 as it was before the fleet-sized install step, kept so rollouts started before it replay
 * (patched 'fleet-sized-installs' in install.ts): per-machine lists, in payloads. New rollouts
 * never run it. Its records stay local; the status gets the same counts the new step reports.
 */
export async function runInstallsLegacy(ctx: RolloutContext): Promise<void> {
  const { input, tracker } = ctx;
  const s = tracker.status;
  const asid = input.accountServiceId;
  const imageVersionId = s.imageVersionId;
  if (imageVersionId === undefined) throw new Error('runInstalls needs an image version');
  tracker.enter('installing', 'install', `finding the install jobs of version ${imageVersionId}`);
  tracker.attempt('install');

  const found = await persist(ctx, 'install', () => findInstalls(asid, imageVersionId));
  const records = found.map(toRecord);
  const show = () => tracker.installs(summaryOf(imageVersionId, records));
  show();
  if (found.length === 0) {
    tracker.note('install', `no open install jobs for version ${imageVersionId}: nothing left to install`);
    return;
  }
  let toQueue = found.filter((job) => job.jobstateid <= 2).map((job) => ({ jobId: job.id, mirroring: job.mirroring }));
  for (;;) {
    if (toQueue.length > 0) {
      tracker.enter('installing', 'install', `queueing ${toQueue.length} install jobs`);
      const queued = await persist(ctx, 'install', () =>
        reads.queueInstallJobs({ accountServiceId: asid, jobs: toQueue }),
      );
      applyQueued(records, queued);
    }
    const open = records.filter((r) => r.outcome === 'pending').map((r) => r.jobId);
    tracker.enter('installing', 'install', `installing on ${open.length} machines`);
    const followed = await persist(ctx, 'install', () =>
      ctx.followers.followInstalls({ accountServiceId: asid, imageVersionId, jobIds: open }),
    );
    applyOutcomes(records, followed.installs);
    show();
    const failed = records.filter((r) => r.outcome === 'failed');
    if (failed.length === 0) return;
    const list = failed
      .map((r) => `job ${r.jobId} on machine ${r.machine ?? '?'} (${r.location ?? '?'}): ${r.joberror ?? 'failed'}`)
      .join('; ');
    tracker.error('install', `${failed.length} of ${records.length} installs failed: ${list}`);
    await awaitRetry(ctx, 'install', `${failed.length} installs failed: ${list}`, 'queue the failed installs again');
    tracker.attempt('install');
    for (const r of failed) r.outcome = 'pending';
    toQueue = failed.map((r) => ({ jobId: r.jobId, mirroring: r.mirroring }));
  }
}

function summaryOf(imageVersionId: number, records: InstallRecord[]): InstallSummary {
  const count = (outcome: InstallRecord['outcome']) => records.filter((r) => r.outcome === outcome).length;
  const failed = records.filter((r) => r.outcome === 'failed');
  return {
    imageVersionId,
    jobsSeen: records.length,
    open: count('pending'),
    failed: failed.length,
    done: count('completed') + count('squashed'),
    queued: records.filter((r) => r.queued > 0).length,
    queueRefused: 0,
    byLocation: {},
    failedMachines: failed
      .slice(0, FAILED_MACHINES_LISTED)
      .map((r) => ({ jobId: r.jobId, machine: r.machine, location: r.location, error: r.joberror })),
    failedTotal: failed.length,
  };
}

async function findInstalls(accountServiceId: number, imageVersionId: number): Promise<InstallJobSnapshot[]> {
  for (let attempt = 1; ; attempt++) {
    const jobs = await reads.findInstallJobs({ accountServiceId, imageVersionId });
    if (jobs.length > 0 || attempt >= FIND_ATTEMPTS) return jobs;
    await sleep(FIND_DELAY_MS);
  }
}

function toRecord(job: InstallJobSnapshot): InstallRecord {
  return {
    jobId: job.id,
    machine: job.machine,
    location: job.location,
    mirroring: job.mirroring,
    mirror: job.mirror,
    outcome: job.jobstateid === 6 ? 'failed' : 'pending',
    jobstateid: job.jobstateid,
    joberror: job.joberror,
    queued: 0,
  };
}

function applyQueued(records: InstallRecord[], queued: QueueOutcome[]): void {
  for (const q of queued) {
    const record = records.find((r) => r.jobId === q.jobId);
    if (!record) continue;
    if (q.queued) {
      record.queued++;
      record.versionMirrorId = q.queued.versionMirrorId;
      record.machineJobId = q.queued.machineJobId;
      record.installsSquashed = q.queued.installsSquashed;
      record.jobstateid = q.queued.job.jobstateid;
    } else {
      record.joberror = `queue refused: ${q.error}`;
    }
  }
}

function applyOutcomes(records: InstallRecord[], outcomes: InstallOutcome[]): void {
  for (const o of outcomes) {
    const record = records.find((r) => r.jobId === o.jobId);
    if (!record) continue;
    // Failed installs stay in Clanforge's incomplete list; one that left it has completed.
    record.outcome = o.outcome === 'left' ? 'completed' : o.outcome;
    record.jobstateid = o.outcome === 'left' ? 5 : (o.last?.jobstateid ?? record.jobstateid);
    record.joberror = o.outcome === 'failed' ? (o.last?.joberror ?? record.joberror) : undefined;
  }
}
