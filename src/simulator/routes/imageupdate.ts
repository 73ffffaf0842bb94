import { conflict, invalid } from '../envelope';
import { jobState, type UpdateJob } from '../jobs';
import {
  describeState,
  fields,
  statusFields,
  newJobBase,
  pathId,
  pathOrQueryId,
  type ApiContext,
  type Route,
} from './context';

/** imageupdate/create (4.1): download a build onto the build machine; locks the image meanwhile. */
function create(ctx: ApiContext) {
  const imageid = ctx.params.requiredId('imageid');
  const machineid = ctx.params.requiredId('machineid');
  const desc = ctx.params.requiredString('desc');
  // Simulated images have no default update_url, so url is required here.
  const url = ctx.params.requiredString('url');
  if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(url))
    throw invalid('url must be an absolute URL (e.g. https://, s3://, gs://, steam://)');
  ctx.params.optionalInt('requesttimeout', 1, ' (seconds)');
  const image = ctx.store.image(ctx.asid, imageid);
  const locked = ctx.store.lockMessage(image, ctx.now);
  if (locked) throw conflict(locked);
  const job = ctx.store.add<UpdateJob>({ kind: 'update', ...newJobBase(ctx, 'update', imageid), machineid, desc, url });
  image.updateId = job.id;
  ctx.log.info({ asid: ctx.asid, imageid, machineid, updateid: job.id }, 'image update created');
  return { updateid: job.id, ...fields(ctx, job) };
}

function status(ctx: ApiContext) {
  const job = ctx.store.job('update', pathOrQueryId(ctx, 'updateid'), ctx.asid);
  return { updateid: job.id, ...statusFields(ctx, job) };
}

/**
 * `imageupdate/<updateid>/retry` (documented by Clanforge; its rules are our choice, as for a
 * diff's retry, DESIGN 8): only from Completed or Failed, same updateid, a new attempt from
 * Created; the image is locked by the update again until it ends.
 */
function retry(ctx: ApiContext) {
  const job = ctx.store.job('update', pathId(ctx, 0, 'updateid'), ctx.asid);
  const state = jobState(job, ctx.now);
  if (state !== 5 && state !== 6)
    throw conflict(
      `updateid ${job.id} cannot be retried while ${describeState(state)}; it must be Completed or Failed`,
    );
  const image = ctx.store.image(ctx.asid, job.imageid);
  const locked = ctx.store.lockMessage(image, ctx.now);
  if (locked) throw conflict(locked);
  if (state === 6) job.priorFailures += 1;
  job.attempts += 1;
  job.timeline = ctx.planner.timeline('update', ctx.now, job.attempts);
  image.updateId = job.id;
  ctx.store.dirty = true;
  ctx.log.info({ asid: ctx.asid, updateid: job.id, attempt: job.attempts }, 'image update retried');
  return { updateid: job.id, ...fields(ctx, job) };
}

export const imageUpdateRoutes: Route[] = [
  { template: 'imageupdate/create', pattern: /^\/v1\/imageupdate\/create$/, mutates: true, handle: create },
  {
    template: 'imageupdate/status',
    pattern: /^\/v1\/imageupdate(?:\/([^/]+))?\/status$/,
    mutates: false,
    handle: status,
  },
  { template: 'imageupdate/retry', pattern: /^\/v1\/imageupdate\/([^/]+)\/retry$/, mutates: true, handle: retry },
];
