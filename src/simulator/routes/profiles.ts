import { jobState } from '../jobs';
import type { ProfileSpec } from '../fleets/config';
import type { SimFleet } from '../fleets/model';
import { gameIdOf, type ApiContext, type Route } from './context';

/** A profile's base game version before any version of its image completed (our choice). */
const BASE_GAME_VERSION = 800000;

/**
 * The newest completed version of the profile's image: its id is the profile's `gameversionid`
 * and its `game_build` what the `game_build` filter matches (imageversion/create sets it).
 */
function currentVersion(ctx: ApiContext, fleet: SimFleet, profile: ProfileSpec) {
  const image = ctx.store.images.get(`${fleet.asid}:${profile.imageId}`);
  for (const id of [...(image?.versionIds ?? [])].reverse()) {
    const job = ctx.store.jobs.get(id);
    if (job?.kind === 'version' && jobState(job, ctx.now) === 5) return { id: job.id, gameBuild: job.gameBuild };
  }
  return { id: BASE_GAME_VERSION + profile.profileId, gameBuild: null };
}

/** 4.1: the ASID's profiles; `profileid`, `modid`, `game_build` filter (DESIGN 21 multi-values). */
function list(ctx: ApiContext) {
  const ids = ctx.params.idList('profileid');
  const mods = ctx.params.idList('modid');
  const builds = ctx.params.list('game_build');
  const settings = ctx.params.optionalBool('settings') ?? false;
  const profiles = [];
  for (const fleet of ctx.store.fleets.fleets.values()) {
    if (fleet.asid !== ctx.asid) continue;
    for (const profile of fleet.profiles) {
      const version = currentVersion(ctx, fleet, profile);
      if (ids.length > 0 && !ids.includes(profile.profileId)) continue;
      if (mods.length > 0 && !mods.includes(1)) continue;
      if (builds.length > 0 && (version.gameBuild === null || !builds.includes(version.gameBuild))) continue;
      profiles.push({
        profileid: profile.profileId,
        gameversionid: version.id,
        name: profile.name,
        modid: 1,
        gameid: gameIdOf(ctx, profile.imageId),
        gametype_identifier: 'default',
        ...(settings && { settings: { max_players: '16', image: String(profile.imageId) } }),
        fleetid: fleet.fleetId,
      });
    }
  }
  profiles.sort((a, b) => a.profileid - b.profileid);
  return { profiles };
}

export const profileRoutes: Route[] = [
  { template: 'profile/list', pattern: /^\/v1\/profile\/list$/, mutates: false, handle: list },
];
