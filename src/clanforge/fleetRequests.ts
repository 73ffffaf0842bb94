import type { z } from 'zod';
import type { ClanforgeRequest, QueryValue } from './http';
import {
  allocateSchema,
  allocationsSchema,
  deallocateSchema,
  fleetAllocationsSchema,
  fleetSwitchSchema,
  profileListSchema,
  serverListSchema,
  serverStatusSchema,
} from './fleetSchemas';

/**
 * Requests of the fleet, profile, server and allocation endpoints (clanforge-api-fleets.md), built
 * here so the client's methods stay one line each. `v2` is the v2 base URL (…/cfp/v2).
 */
export interface FleetSwitchParams {
  fleetId: string;
  profileId: number;
  /** Go duration with a unit, e.g. "15m", "1800s": the wait before busy servers are force-restarted. */
  timeout: string;
  /** Machines processed at a time; absent: all empty servers at once. */
  maxMachines?: number;
}

export interface ProfileListParams {
  accountServiceId: number;
  profileIds?: readonly number[];
  gameBuilds?: readonly string[];
  settings?: boolean;
}

export interface ServerListParams {
  accountServiceId: number;
  profileId?: number;
  serverIds?: readonly number[];
  /** Sent as 1/0 when given (the docs read `active`/`allocated` absent differently; DESIGN 13). */
  active?: boolean;
  allocated?: boolean;
  queryInfo?: boolean;
}

export interface AllocateParams {
  fleetId: string;
  regionId: string;
  profileId: number;
  /** Made by the caller (a UUID); the allocation's id from then on. */
  uuid: string;
}

export interface AllocateV2Params extends AllocateParams {
  projectGuid?: string;
  restart?: boolean;
  /** At most 30 KB, readable by the game server during the allocation. */
  payload?: string;
}

export interface FleetAllocationsParams {
  fleetId: string;
  /** Go duration: the minimum time each returned allocation has been active. */
  age: string;
  /** 10-50, default 10. */
  limit?: number;
  empty?: boolean;
}

const fleetPath = (v2: string, fleetId: string, rest: string): string =>
  `${v2}/fleet/${encodeURIComponent(fleetId)}/${rest}`;

/** Booleans these pages document as true/false (the v1 list pages take 1/0). */
const trueFalse = (value: boolean | undefined): string | undefined => (value === undefined ? undefined : String(value));

function request<T extends z.ZodType>(
  endpoint: string,
  path: string,
  schema: T,
  params: Record<string, QueryValue>,
  ids: Record<string, number | string>,
  extra: Pick<ClanforgeRequest<T>, 'method' | 'body'> = {},
): ClanforgeRequest<T> {
  return { endpoint, path, schema, params, ids, ...extra };
}

export const fleetRequests = {
  switchProfile: (v2: string, p: FleetSwitchParams) =>
    request(
      'v2/fleet/switchprofile',
      fleetPath(v2, p.fleetId, 'switchprofile'),
      fleetSwitchSchema,
      {},
      { fleetid: p.fleetId, profileid: p.profileId },
      {
        method: 'PATCH',
        body: { json: { ProfileID: p.profileId, Timeout: p.timeout, MaxMachines: p.maxMachines } },
      },
    ),

  switchStatus: (v2: string, fleetId: string) =>
    request(
      'v2/fleet/switchprofile/status',
      fleetPath(v2, fleetId, 'switchprofile'),
      fleetSwitchSchema,
      {},
      {
        fleetid: fleetId,
      },
    ),

  profileList: (p: ProfileListParams) =>
    request(
      'profile/list',
      'profile/list',
      profileListSchema,
      {
        accountserviceid: p.accountServiceId,
        profileid: p.profileIds,
        game_build: p.gameBuilds,
        settings: trueFalse(p.settings),
      },
      { accountserviceid: p.accountServiceId },
    ),

  serverList: (p: ServerListParams) =>
    request(
      'server/list',
      'server/list',
      serverListSchema,
      {
        accountserviceid: p.accountServiceId,
        profileid: p.profileId,
        serverid: p.serverIds,
        active: p.active,
        allocated: p.allocated,
        query_info: p.queryInfo,
      },
      { accountserviceid: p.accountServiceId, ...(p.profileId !== undefined && { profileid: p.profileId }) },
    ),

  serverStatus: (serverId: number, queryInfo: boolean) =>
    request(
      'server/status',
      `server/${serverId}/status`,
      serverStatusSchema,
      { query_info: queryInfo ? 'true' : undefined },
      { serverid: serverId },
    ),

  allocate: (p: AllocateParams) =>
    request(
      'server/allocate',
      'server/allocate',
      allocateSchema,
      { fleetid: p.fleetId, regionid: p.regionId, profileid: p.profileId, uuid: p.uuid },
      { fleetid: p.fleetId, uuid: p.uuid },
    ),

  allocateV2: (v2: string, p: AllocateV2Params) =>
    request(
      'v2/fleet/server/allocate',
      fleetPath(v2, p.fleetId, 'server/allocate'),
      allocateSchema,
      {
        regionid: p.regionId,
        profileid: p.profileId,
        uuid: p.uuid,
        project_guid: p.projectGuid,
        restart: trueFalse(p.restart),
      },
      { fleetid: p.fleetId, uuid: p.uuid },
      { method: 'POST', ...(p.payload !== undefined && { body: { text: p.payload } }) },
    ),

  allocations: (fleetId: string, uuids: readonly string[]) =>
    request(
      'server/allocations',
      'server/allocations',
      allocationsSchema,
      { fleetid: fleetId, uuid: uuids },
      {
        fleetid: fleetId,
        uuids: uuids.length,
      },
    ),

  fleetAllocations: (v2: string, p: FleetAllocationsParams) =>
    request(
      'v2/fleet/allocations',
      fleetPath(v2, p.fleetId, 'allocations'),
      fleetAllocationsSchema,
      { age: p.age, limit: p.limit, empty: trueFalse(p.empty) },
      { fleetid: p.fleetId },
    ),

  deallocate: (uuid: string, fleetId?: string) =>
    request(
      'server/deallocate',
      'server/deallocate',
      deallocateSchema,
      { fleetid: fleetId, uuid },
      {
        uuid,
        ...(fleetId !== undefined && { fleetid: fleetId }),
      },
    ),

  deallocateV2: (v2: string, fleetId: string, uuid: string) =>
    request(
      'v2/fleet/server/deallocate',
      fleetPath(v2, fleetId, 'server/deallocate'),
      deallocateSchema,
      { uuid },
      { fleetid: fleetId, uuid },
      { method: 'POST' },
    ),
};
