import type { UninstallJob } from '../jobs';
import { fields, newJobBase, pathId, type ApiContext, type Route } from './context';
import { assertFinished, assertOpen } from './imagediff';

/** 4.6 / DESIGN 10: unlock the image now; reinstall=1 also starts an uninstall job on the machine. */
function reject(ctx: ApiContext) {
  const reinstall = ctx.params.requiredBool('reinstall');
  const diff = ctx.store.job('diff', pathId(ctx, 0, 'diffid'), ctx.asid);
  assertOpen(diff, 'rejected');
  assertFinished(ctx, diff, 'rejected');
  diff.rejected = true;
  const image = ctx.store.image(diff.asid, diff.imageid);
  if (image.lockDiffId === diff.id) image.lockDiffId = null;
  ctx.store.dirty = true;
  ctx.log.info({ asid: ctx.asid, diffid: diff.id, reinstall }, 'image diff rejected');
  if (!reinstall) return { diffid: diff.id };
  const job = ctx.store.add<UninstallJob>({
    kind: 'uninstall',
    ...newJobBase(ctx, 'uninstall', diff.imageid),
    diffid: diff.id,
    machineid: diff.machineid,
  });
  return { uninstalljobid: job.id, ...fields(ctx, job) };
}

export const imageDiffRejectRoutes: Route[] = [
  { template: 'imagediff/reject', pattern: /^\/v1\/imagediff\/([^/]+)\/reject$/, mutates: true, handle: reject },
];
