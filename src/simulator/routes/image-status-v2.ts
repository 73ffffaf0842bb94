import { jobState, type InstallJob } from '../jobs';
import { installsOf, LOCATIONS } from '../rollout';
import { pathId, type ApiContext, type Route } from './context';

interface Counts {
  pending_machines: number;
  failed_machines: number;
  completed_machines: number;
}

const zero = (): Counts => ({ pending_machines: 0, failed_machines: 0, completed_machines: 0 });

type Bucket = keyof Counts | null;

function bucketOf(job: InstallJob, now: number): Bucket {
  const state = jobState(job, now);
  if (state === 5) return 'completed_machines';
  if (state === 6) return 'failed_machines';
  return state === 7 ? null : 'pending_machines'; // squashed installs were superseded: not counted
}

/**
 * 4.11: machine counts for the image's latest version. Before that version completes its install
 * jobs do not exist yet, so the whole fleet counts as pending; a failed version counts nothing.
 */
function status(ctx: ApiContext) {
  const imageid = pathId(ctx, 1, 'imageid');
  const detail = ctx.params.optionalBool('detail') ?? false;
  const image = ctx.store.images.get(`${ctx.asid}:${imageid}`);
  const versionId = image?.versionIds[image.versionIds.length - 1];
  const version = versionId === undefined ? undefined : ctx.store.jobs.get(versionId);
  const machines: { location: string; bucket: Bucket }[] = [];
  if (version?.kind === 'version') {
    const state = jobState(version, ctx.now);
    if (version.installsCreated) {
      for (const job of installsOf(ctx.store, version.id))
        machines.push({ location: job.location, bucket: bucketOf(job, ctx.now) });
    } else if (state !== 6 && image) {
      const count = ctx.store.fleets.machinesOfImage(image.asid, image.imageid)?.length ?? ctx.opts.fleet;
      for (let i = 0; i < count; i++)
        machines.push({ location: LOCATIONS[i % LOCATIONS.length] ?? 'eu-west', bucket: 'pending_machines' });
    }
  }
  const total = zero();
  const regions: Record<string, Counts & { name: string }> = {};
  for (const { location, bucket } of machines) {
    if (bucket === null) continue;
    total[bucket] += 1;
    const regionId = String(LOCATIONS.indexOf(location as (typeof LOCATIONS)[number]) + 1);
    const region = (regions[regionId] ??= { name: location, ...zero() });
    region[bucket] += 1;
  }
  if (!detail) return { ...total };
  // One fleet per image in the simulator, keyed by the image id.
  return { ...total, fleets: { [String(imageid)]: { ...total, regions } } };
}

export const imageStatusV2Routes: Route[] = [
  {
    template: 'v2/image/status',
    pattern: /^\/v2\/project\/([^/]+)\/image\/([^/]+)\/status$/,
    mutates: false,
    asidInPath: true,
    handle: status,
  },
];
