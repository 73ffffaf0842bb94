import { invalid, notFound, ApiError } from '../envelope';
import type { ImageRecord } from '../store';
import { gameIdOf, type ApiContext, type Route } from './context';

/**
 * One image's options. `diffid` / `updateid` only while that job locks the image (section 5/6);
 * simulated images have no default update URL (imageupdate/create requires `url`), so
 * `update_urls` is always empty.
 */
function optionsOf(ctx: ApiContext, imageid: number, image: ImageRecord | undefined) {
  const locks = image ? ctx.store.locks(image, ctx.now) : {};
  return { gameid: gameIdOf(ctx, imageid), imageid, ...locks, update_urls: [] as string[] };
}

/**
 * `image/options` (lock inspection). `gameid` and `imageid` come together or not at all;
 * `gameversion_identifier` needs both and is accepted but changes nothing. With neither id:
 * [DESIGN] `images: [...]`, one entry per image the ASID has used, by imageid.
 */
function options(ctx: ApiContext) {
  const gameid = ctx.params.optionalId('gameid');
  const imageid = ctx.params.optionalId('imageid');
  const gameVersion = ctx.params.optionalString('gameversion_identifier');
  if ((gameid === undefined) !== (imageid === undefined)) throw invalid('gameid and imageid must be given together');
  if (gameid === undefined || imageid === undefined) {
    if (gameVersion !== undefined) throw invalid('gameversion_identifier requires gameid and imageid');
    const images = [...ctx.store.images.values()]
      .filter((image) => image.asid === ctx.asid)
      .sort((a, b) => a.imageid - b.imageid)
      .map((image) => optionsOf(ctx, image.imageid, image));
    return { images, success: true };
  }
  // Images appear on first use, so by default an image never used is simply free; a read never creates one.
  const image = ctx.store.images.get(`${ctx.asid}:${imageid}`);
  if (!image && ctx.opts.strictImages) throw notFound('imageid', imageid);
  if (gameIdOf(ctx, imageid) !== gameid)
    throw new ApiError('not_found', `imageid ${imageid} not found in gameid ${gameid}`);
  return { ...optionsOf(ctx, imageid, image), success: true };
}

export const imageOptionsRoutes: Route[] = [
  { template: 'image/options', pattern: /^\/v1\/image\/options$/, mutates: false, handle: options },
];
