import { conflict, invalid } from '../envelope';
import { forceTerminal, isTerminal, jobState, observe, queueNow, type InstallJob, type JobStateId } from '../jobs';
import { describeState, fields, pathId, type ApiContext, type Route } from './context';

function installsOfAsid(ctx: ApiContext): InstallJob[] {
  return [...ctx.store.jobs.values()].filter(
    (job): job is InstallJob => job.kind === 'install' && job.asid === ctx.asid,
  );
}

/**
 * 4.9 with DESIGN 16 types: the ASID's incomplete install jobs. Completed and Squashed jobs leave
 * the list. A Failed install has not completed, so by default (`failedInstalls: listed`) it stays
 * listed (state 6 with its joberror) until it is queued again; `unlisted` drops it, the reading
 * under which public deploy code takes an empty list for "rollout finished".
 */
function status(ctx: ApiContext) {
  // A finished install leaves the list: this call is when the client learns of it.
  for (const job of installsOfAsid(ctx)) observe(job, ctx.now);
  const installs = installsOfAsid(ctx)
    .filter((job) => listed(jobState(job, ctx.now), ctx.opts.failedInstalls === 'listed'))
    .sort((a, b) => a.id - b.id)
    .map((job) => ({
      jobid: job.id,
      ...fields(ctx, job),
      mirroring: job.mirroring,
      restart: job.restart ? 1 : 0,
      location: job.location,
      machine: job.machine,
      imagepath: job.imagepath,
      install_at: job.installAt,
      mirror: job.mirror,
      target_imageversionid: job.versionid,
    }));
  return { installs };
}

/**
 * 4.10 / DESIGN 15: a Created/Pending install runs now; older waiting installs of the same
 * machine are squashed. Already queued or running: current fields, nothing squashed. A Failed
 * install is run again (a new attempt), the way an operator re-queues a failed machine.
 */
function queue(ctx: ApiContext) {
  const mirroring = ctx.params.requiredBool('mirroring');
  const job = ctx.store.job('install', pathId(ctx, 0, 'jobid'), ctx.asid);
  const state = jobState(job, ctx.now);
  if (mirroring !== job.mirroring) {
    throw invalid(`mirroring=${mirroring} does not match jobid ${job.id} (mirroring=${job.mirroring})`);
  }
  if (state === 6) {
    job.priorFailures += 1;
    job.attempts += 1;
    job.timeline = ctx.planner.timeline('install', ctx.now, job.attempts);
    queueNow(job, ctx.now);
    ctx.store.dirty = true;
    ctx.log.info({ asid: ctx.asid, jobid: job.id, attempt: job.attempts }, 'failed install job queued again');
    return queued(ctx, job, 0);
  }
  if (isTerminal(state)) throw conflict(`jobid ${job.id} is already ${describeState(state)} and cannot be queued`);
  let squashed = 0;
  if (state <= 2) {
    const waiting = (other: InstallJob): boolean => jobState(other, ctx.now) <= 2;
    if (!job.mirroring) {
      for (const other of installsOfAsid(ctx)) {
        if (other.id < job.id && other.machine === job.machine && !other.mirroring && waiting(other)) {
          forceTerminal(other, ctx.now, 7, null);
          squashed += 1;
        }
      }
    }
    queueNow(job, ctx.now);
    ctx.store.dirty = true;
  }
  ctx.log.info({ asid: ctx.asid, jobid: job.id, squashed }, 'install job queued');
  return queued(ctx, job, squashed);
}

function listed(state: JobStateId, failedListed: boolean): boolean {
  return state !== 5 && state !== 7 && (failedListed || state !== 6);
}

function queued(ctx: ApiContext, job: InstallJob, squashed: number) {
  if (job.mirroring) return { versionmirrorid: job.id, ...fields(ctx, job) };
  return { machinejobid: job.id, installs_squashed: squashed, ...fields(ctx, job) };
}

export const imageInstallRoutes: Route[] = [
  { template: 'imageinstall/status', pattern: /^\/v1\/imageinstall\/status$/, mutates: false, handle: status },
  { template: 'imageinstall/queue', pattern: /^\/v1\/imageinstall\/([^/]+)\/queue$/, mutates: true, handle: queue },
];
