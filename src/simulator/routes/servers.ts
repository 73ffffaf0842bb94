import { ApiError } from '../envelope';
import { activeOf, LOCATION_COUNTRY, type SimFleet, type SimServer } from '../fleets/model';
import type { Params } from '../params';
import { positiveInt } from '../params';
import { LOCATIONS } from '../rollout';
import type { Store } from '../store';
import type { ApiContext, Route, Scope } from './context';

const MAX_PLAYERS = 16;

/** The documented fields of both server endpoints (5.1, 5.2); types differ per endpoint (DESIGN 15). */
function describe(ctx: ApiContext, fleet: SimFleet, server: SimServer, queryInfo: boolean) {
  // Machines are built in id order: the offset from the first is the index.
  const location = fleet.machines[server.machineid - (fleet.machines[0]?.machineid ?? 0)]?.location ?? 0;
  const gamePort = 9000 + server.slot * 2;
  const active = activeOf(server);
  const env = ctx.fleetEnv();
  return {
    active,
    allocated_uuid: server.session?.uuid ?? '',
    admin_locked: env.locked(fleet, server, ctx.now) ? 1 : 0,
    country_code: LOCATION_COUNTRY[location] ?? 'GB',
    game_port: gamePort,
    ip: `10.${(server.machineid >> 8) & 255}.${server.machineid & 255}.1`,
    locationid: String(location + 1),
    machineid: server.machineid,
    name: `${fleet.fleetId}-${server.machineid}-${server.slot + 1}`,
    profileid: server.profileId,
    query_port: gamePort + 1,
    serverid: server.serverid,
    // DESIGN 16: a stopped or restarting server answers no query.
    ...(queryInfo &&
      active === 1 && {
        query_info: {
          players: server.session?.players ?? 0,
          max_players: MAX_PLAYERS,
          map: LOCATIONS[location] ?? 'default',
          status: server.session ? 'in-game' : 'waiting',
        },
      }),
  };
}

/**
 * 5.1 with DESIGN 13: `active` and `allocated` absent = no filter, 1 = only those, 0 = only the
 * others; `profileid` the servers on that profile now (restarting onto it included).
 */
function list(ctx: ApiContext) {
  const p = ctx.params;
  const ids = p.idList('serverid');
  const country = p.optionalString('country_code');
  const locationId = p.optionalId('locationid');
  const active = p.optionalBool('active');
  const allocated = p.optionalBool('allocated');
  const profileId = p.optionalId('profileid');
  const queryInfo = p.optionalBool('query_info') ?? false;
  const servers = [];
  for (const fleet of ctx.store.fleets.fleets.values()) {
    if (fleet.asid !== ctx.asid) continue;
    for (const server of fleet.servers) {
      if (ids.length > 0 && !ids.includes(server.serverid)) continue;
      if (profileId !== undefined && server.profileId !== profileId) continue;
      if (active !== undefined && (activeOf(server) === 1) !== active) continue;
      if (allocated !== undefined && (server.session !== null) !== allocated) continue;
      const fields = describe(ctx, fleet, server, queryInfo);
      if (country !== undefined && fields.country_code !== country.toUpperCase()) continue;
      if (locationId !== undefined && fields.locationid !== String(locationId)) continue;
      // The list page types `active` as boolean and `admin_locked` as string.
      servers.push({ ...fields, active: fields.active === 1, admin_locked: String(fields.admin_locked) });
    }
  }
  return { success: true, messages: [], servers };
}

function serverOf(store: Store, raw: string) {
  const id = positiveInt('serverid', raw);
  const found = store.fleets.server(id);
  if (!found) throw new ApiError('not_found', `serverid ${id} not found`);
  return found;
}

function serverScope(store: Store, path: string[], _params: Params): Scope {
  const { fleet, server } = serverOf(store, path[0] ?? '');
  return { asid: fleet.asid, what: `serverid ${server.serverid}` };
}

/** 5.2 (DESIGN 14 envelope): `active` 0/1/2, `admin_locked` integer, `query_port` a string. */
function status(ctx: ApiContext) {
  const { fleet, server } = serverOf(ctx.store, ctx.path[0] ?? '');
  const fields = describe(ctx, fleet, server, ctx.params.optionalBool('query_info') ?? false);
  return { success: true, messages: [], server: { ...fields, query_port: String(fields.query_port) } };
}

export const serverRoutes: Route[] = [
  { template: 'server/list', pattern: /^\/v1\/server\/list$/, mutates: false, handle: list },
  {
    template: 'server/status',
    pattern: /^\/v1\/server\/([^/]+)\/status$/,
    mutates: false,
    scope: serverScope,
    handle: status,
  },
];
