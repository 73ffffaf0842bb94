import { z } from 'zod';
import { looseInt } from './schemas';

/**
 * Runtime shapes of the fleet, profile, server and allocation endpoints (clanforge-api-fleets.md),
 * normalised to camelCase. The pages type the same field differently per endpoint (`active`
 * boolean or integer, `admin_locked` string or integer, `query_port` integer or string) and let
 * some integers arrive as `""` until an allocation is fulfilled; all of that is accepted here and
 * `""` means absent.
 */
const blankToUndefined = (v: unknown): unknown => (v === '' || v === null ? undefined : v);
const maybeInt = z.preprocess(blankToUndefined, looseInt.optional());
const maybeString = z.preprocess(blankToUndefined, z.string().optional());
const intFlag = z
  .union([z.boolean(), looseInt, z.enum(['true', 'false'])])
  .transform((v) => (v === true || v === 'true' ? 1 : v === false || v === 'false' ? 0 : v));

export const SWITCH_STATES = ['pending', 'processing', 'complete', 'not requested'] as const;
export type FleetSwitchState = (typeof SWITCH_STATES)[number];

/** A fleet's profile switch as the client reports it. */
export interface FleetSwitchStatus {
  serversPending: number;
  serversProcessed: number;
  /** The switch's profile; before any switch, the fleet's current one. */
  profileId: number;
  state: FleetSwitchState;
  /** RFC 3339 UTC, when a switch has a Timeout. */
  deadline?: string;
}

const rawSwitchSchema = z.object({
  ServersPending: looseInt,
  ServersProcessed: looseInt,
  ProfileID: looseInt,
  State: z.enum(SWITCH_STATES),
  Deadline: maybeString,
});

function switchStatus(body: z.infer<typeof rawSwitchSchema>): FleetSwitchStatus {
  const status: FleetSwitchStatus = {
    serversPending: body.ServersPending,
    serversProcessed: body.ServersProcessed,
    profileId: body.ProfileID,
    state: body.State,
  };
  if (body.Deadline !== undefined) status.deadline = body.Deadline;
  return status;
}

/** PATCH and GET `v2/fleet/<id>/switchprofile` (3.1/3.2): a bare PascalCase object. */
export const fleetSwitchSchema = rawSwitchSchema.transform(switchStatus);

/** One profile of `profile/list` (4.1). */
const profileSchema = z
  .object({
    profileid: looseInt,
    gameversionid: looseInt,
    name: z.string(),
    modid: maybeInt,
    gameid: maybeInt,
    gametype_identifier: maybeString,
    settings: z.record(z.string(), z.unknown()).optional(),
    fleetid: maybeString,
  })
  .transform((p) => ({
    profileId: p.profileid,
    gameVersionId: p.gameversionid,
    name: p.name,
    modId: p.modid,
    gameId: p.gameid,
    gameTypeIdentifier: p.gametype_identifier,
    fleetId: p.fleetid,
    ...(p.settings !== undefined && { settings: p.settings }),
  }));
export type ClanforgeProfile = z.infer<typeof profileSchema>;
export const profileListSchema = z.object({ profiles: z.array(profileSchema) });

/** A server of `server/list` (5.1) or `server/<id>/status` (5.2), one shape for both. */
const serverSchema = z
  .object({
    serverid: looseInt,
    machineid: looseInt,
    profileid: maybeInt,
    active: intFlag.optional(),
    admin_locked: z.preprocess(blankToUndefined, intFlag.optional()),
    allocated_uuid: maybeString,
    name: maybeString,
    ip: maybeString,
    game_port: maybeInt,
    query_port: maybeInt,
    country_code: maybeString,
    locationid: maybeString,
    query_info: z
      .object({ players: looseInt, max_players: looseInt, map: z.string().optional(), status: z.string().optional() })
      .optional(),
  })
  .transform((s) => ({
    serverId: s.serverid,
    machineId: s.machineid,
    profileId: s.profileid,
    /** 0 stopped, 1 started, 2 or more restarting. */
    active: s.active ?? 0,
    adminLocked: (s.admin_locked ?? 0) !== 0,
    allocatedUuid: s.allocated_uuid,
    name: s.name,
    ip: s.ip,
    gamePort: s.game_port,
    queryPort: s.query_port,
    countryCode: s.country_code,
    locationId: s.locationid,
    ...(s.query_info && {
      queryInfo: {
        players: s.query_info.players,
        maxPlayers: s.query_info.max_players,
        map: s.query_info.map,
        status: s.query_info.status,
      },
    }),
  }));
export type ClanforgeServer = z.infer<typeof serverSchema>;

/** `{success, messages, servers}` (DESIGN 14), or a bare array. */
export const serverListSchema = z
  .union([z.object({ servers: z.array(serverSchema) }), z.array(serverSchema)])
  .transform((body) => (Array.isArray(body) ? body : body.servers));
export const serverStatusSchema = z
  .union([z.object({ server: serverSchema }), serverSchema])
  .transform((body) => ('server' in body ? body.server : body));

/** An allocation of allocate, allocations and fleet allocations (6.1-6.4); `*` fields absent until fulfilled. */
const allocationSchema = z
  .object({
    uuid: z.string(),
    profileid: looseInt,
    fleetid: maybeString,
    regionid: maybeString,
    regions: maybeString,
    created: maybeString,
    requested: maybeString,
    fulfilled: maybeString,
    ready: maybeString,
    serverid: maybeInt,
    machineid: maybeInt,
    ip: maybeString,
    ipv6: maybeString,
    game_port: maybeInt,
    requestid: maybeString,
    eta: maybeString,
    error: maybeString,
  })
  .transform((a) => ({
    uuid: a.uuid,
    profileId: a.profileid,
    fleetId: a.fleetid,
    regionId: a.regionid ?? a.regions,
    created: a.created,
    requested: a.requested,
    fulfilled: a.fulfilled,
    ready: a.ready,
    serverId: a.serverid,
    machineId: a.machineid,
    ip: a.ip,
    ipv6: a.ipv6,
    gamePort: a.game_port,
    requestId: a.requestid,
    eta: a.eta,
    error: a.error,
  }));
export type ClanforgeAllocation = z.infer<typeof allocationSchema>;

/** `success` must be true on the v1-style envelopes (the Go client checks it). */
const succeeded = z.literal(true);
export const allocateSchema = z.object({ success: succeeded, allocation: allocationSchema });
export const allocationsSchema = z.object({ success: succeeded, allocations: z.array(allocationSchema) });
export const fleetAllocationsSchema = z.array(allocationSchema);
export const deallocateSchema = z.object({ success: succeeded, uuid: z.string() });
