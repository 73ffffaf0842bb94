import { conflict, invalid } from '../envelope';
import { jobState, type VersionJob } from '../jobs';
import { describeState, fields, statusFields, newJobBase, pathOrQueryId, type ApiContext, type Route } from './context';
import { hasChanges } from './imagediff';

interface VersionParams {
  diffid: number;
  restart: boolean;
  full: boolean;
  force: boolean;
  gameBuild: string | null;
  installAt: number | null;
  disable: VersionJob['disable'];
}

function readParams(ctx: ApiContext): VersionParams {
  const p = ctx.params;
  const diffid = p.requiredId('diffid');
  const restart = ctx.opts.lenientRestart ? (p.optionalBool('restart') ?? false) : p.requiredBool('restart');
  const full = p.optionalBool('full') ?? false;
  const force = p.optionalBool('force') ?? false;
  const gameBuild = p.optionalString('game_build') ?? null;
  const installAt = p.optionalInstallAt('install_at') ?? null;
  const timeout = p.optionalInt('disable_timeout', 1, ' (minutes)');
  const percentage = p.optionalPercentage('disable_percentage');
  if ((timeout === undefined) !== (percentage === undefined)) {
    throw invalid('disable_timeout and disable_percentage must be given together');
  }
  const disable = timeout !== undefined && percentage !== undefined ? { timeoutMinutes: timeout, percentage } : null;
  return { diffid, restart, full, force, gameBuild, installAt, disable };
}

/** 4.7 with DESIGN 9 and 11-14: accepts the diff and unlocks the image as soon as it is created. */
function create(ctx: ApiContext) {
  const v = readParams(ctx);
  const diff = ctx.store.job('diff', v.diffid, ctx.asid);
  if (diff.acceptedBy !== null) throw conflict(`diffid ${diff.id} already has imageversionid ${diff.acceptedBy}`);
  if (diff.rejected) throw conflict(`diffid ${diff.id} was rejected and cannot become a version`);
  const state = jobState(diff, ctx.now);
  if (state !== 5)
    throw conflict(`diffid ${diff.id} is ${describeState(state)}; only a Completed diff can become a version`);
  const image = ctx.store.image(ctx.asid, diff.imageid);
  if (!hasChanges(diff)) {
    if (!v.full) throw conflict('full must be 1 when diff has no changes');
    if (ctx.store.lastVersionFull(image, ctx.now)) {
      throw conflict('full must not be 1: diff has no changes and the previous install was full');
    }
  }
  const allocations = ctx.store.allocations.get(diff.imageid) ?? 0;
  if (allocations > 0 && !v.force) {
    throw conflict(
      `active allocations exist (${allocations} on imageid ${diff.imageid}); send force=1 to create the version anyway`,
    );
  }
  const job = ctx.store.add<VersionJob>({
    kind: 'version',
    ...newJobBase(ctx, 'version', diff.imageid),
    diffid: diff.id,
    restart: v.restart,
    full: v.full,
    gameBuild: v.gameBuild,
    installAt: v.installAt,
    disable: v.disable,
    installsCreated: false,
    disableApplied: false,
  });
  diff.acceptedBy = job.id;
  if (image.lockDiffId === diff.id) image.lockDiffId = null;
  image.versionIds.push(job.id);
  ctx.log.info({ asid: ctx.asid, diffid: diff.id, imageversionid: job.id }, 'image version created');
  return { imageversionid: job.id, ...fields(ctx, job) };
}

function status(ctx: ApiContext) {
  const job = ctx.store.job('version', pathOrQueryId(ctx, 'imageversionid'), ctx.asid);
  return { imageversionid: job.id, ...statusFields(ctx, job) };
}

export const imageVersionRoutes: Route[] = [
  { template: 'imageversion/create', pattern: /^\/v1\/imageversion\/create$/, mutates: true, handle: create },
  {
    template: 'imageversion/status',
    pattern: /^\/v1\/imageversion(?:\/([^/]+))?\/status$/,
    mutates: false,
    handle: status,
  },
];
