import { conflict, invalid } from '../envelope';
import type { UpdateJob } from '../jobs';
import { fields, statusFields, newJobBase, pathId, type ApiContext, type Route } from './context';

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
  const job = ctx.store.job('update', pathId(ctx, 0, 'updateid'), ctx.asid);
  return { updateid: job.id, ...statusFields(ctx, job) };
}

export const imageUpdateRoutes: Route[] = [
  { template: 'imageupdate/create', pattern: /^\/v1\/imageupdate\/create$/, mutates: true, handle: create },
  { template: 'imageupdate/status', pattern: /^\/v1\/imageupdate\/([^/]+)\/status$/, mutates: false, handle: status },
];
