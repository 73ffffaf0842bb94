import { conflict, invalid } from '../envelope';
import { jobState, type DiffJob } from '../jobs';
import {
  describeState,
  fields,
  gameIdOf,
  statusFields,
  newJobBase,
  pathId,
  pathOrQueryId,
  type ApiContext,
  type Route,
} from './context';

/** Retry/reject/version all refuse diffs that were already rejected or accepted. */
export function assertOpen(diff: DiffJob, action: string): void {
  if (diff.rejected) throw conflict(`diffid ${diff.id} was rejected and cannot be ${action}`);
  if (diff.acceptedBy !== null) {
    throw conflict(`diffid ${diff.id} was accepted by imageversionid ${diff.acceptedBy} and cannot be ${action}`);
  }
}

/** Retry and reject only from Completed or Failed (4.5, 4.6). */
export function assertFinished(ctx: ApiContext, diff: DiffJob, action: string): void {
  const state = jobState(diff, ctx.now);
  if (state !== 5 && state !== 6) {
    throw conflict(
      `diffid ${diff.id} cannot be ${action} while ${describeState(state)}; it must be Completed or Failed`,
    );
  }
}

/** DESIGN 8: same diffid, back to Created with a new timeline and new contents. */
function retryDiff(ctx: ApiContext, diff: DiffJob) {
  assertOpen(diff, 'retried');
  assertFinished(ctx, diff, 'retried');
  if (jobState(diff, ctx.now) === 6) diff.priorFailures += 1;
  diff.attempts += 1;
  diff.timeline = ctx.planner.timeline('diff', ctx.now, diff.attempts);
  diff.changes = ctx.planner.diffChanges();
  ctx.store.image(diff.asid, diff.imageid).lockDiffId = diff.id;
  ctx.store.dirty = true;
  ctx.log.info({ asid: ctx.asid, diffid: diff.id, attempt: diff.attempts }, 'image diff retried');
  return { diffid: diff.id, ...fields(ctx, diff) };
}

function create(ctx: ApiContext) {
  const imageid = ctx.params.requiredId('imageid');
  const machineid = ctx.params.requiredId('machineid');
  const retryId = ctx.params.optionalId('diffid');
  if (retryId !== undefined) {
    const diff = ctx.store.job('diff', retryId, ctx.asid);
    if (diff.imageid !== imageid) throw invalid(`diffid ${retryId} belongs to imageid ${diff.imageid}, not ${imageid}`);
    return retryDiff(ctx, diff);
  }
  const image = ctx.store.image(ctx.asid, imageid);
  const locked = ctx.store.lockMessage(image, ctx.now);
  if (locked) throw conflict(locked);
  const job = ctx.store.add<DiffJob>({
    kind: 'diff',
    ...newJobBase(ctx, 'diff', imageid),
    machineid,
    changes: ctx.planner.diffChanges(),
    acceptedBy: null,
    rejected: false,
  });
  image.lockDiffId = job.id;
  ctx.log.info({ asid: ctx.asid, imageid, machineid, diffid: job.id }, 'image diff created');
  return { diffid: job.id, ...fields(ctx, job) };
}

function retry(ctx: ApiContext) {
  return retryDiff(ctx, ctx.store.job('diff', pathId(ctx, 0, 'diffid'), ctx.asid));
}

/** 4.4: file maps always present, filled once Completed; game/machine/image only with diff_info. */
function status(ctx: ApiContext) {
  const info = ctx.params.optionalBool('diff_info') ?? false;
  const diff = ctx.store.job('diff', pathOrQueryId(ctx, 'diffid'), ctx.asid);
  const done = jobState(diff, ctx.now) === 5;
  const body: Record<string, unknown> = {
    diffid: diff.id,
    ...statusFields(ctx, diff),
    added: done ? diff.changes.added : {},
    modified: done ? diff.changes.modified : {},
    removed: done ? diff.changes.removed : {},
  };
  if (info) {
    const gameid = gameIdOf(ctx, diff.imageid);
    body.game = { gameid, name: `Simulated game ${gameid}` };
    body.machine = { machineid: diff.machineid, name: `build-machine-${diff.machineid}` };
    body.image = { imageid: diff.imageid, name: `Simulated image ${diff.imageid}` };
  }
  return body;
}

export function hasChanges(diff: DiffJob): boolean {
  const { added, modified, removed } = diff.changes;
  return Object.keys(added).length + Object.keys(modified).length + Object.keys(removed).length > 0;
}

export const imageDiffRoutes: Route[] = [
  { template: 'imagediff/create', pattern: /^\/v1\/imagediff\/create$/, mutates: true, handle: create },
  { template: 'imagediff/status', pattern: /^\/v1\/imagediff(?:\/([^/]+))?\/status$/, mutates: false, handle: status },
  { template: 'imagediff/retry', pattern: /^\/v1\/imagediff\/([^/]+)\/retry$/, mutates: true, handle: retry },
];
