import { ApiError, invalid } from '../envelope';
import type { SimFleet } from '../fleets/model';
import type { Params } from '../params';
import type { Store } from '../store';
import type { ApiContext, Scope } from './context';

export const fleetNotFound = (fleetId: string): ApiError => new ApiError('not_found', `fleetid ${fleetId} not found`);

function fleetById(store: Store, fleetId: string): SimFleet {
  const fleet = store.fleets.fleets.get(fleetId);
  if (!fleet) throw fleetNotFound(fleetId.slice(0, 100));
  return fleet;
}

/** Scope of the v2 fleet endpoints: the fleet in the path. */
export function pathFleetScope(store: Store, path: string[]): Scope {
  const fleet = fleetById(store, path[0] ?? '');
  return { asid: fleet.asid, what: `fleetid ${fleet.fleetId}` };
}

/** Scope of the v1 allocation endpoints: the `fleetid` parameter. */
export function queryFleetScope(store: Store, _path: string[], params: Params): Scope {
  const fleet = fleetById(store, params.requiredString('fleetid'));
  return { asid: fleet.asid, what: `fleetid ${fleet.fleetId}` };
}

/** The fleet the request names (already checked by its scope). */
export function requestFleet(ctx: ApiContext, fromPath: boolean): SimFleet {
  return fleetById(ctx.store, fromPath ? (ctx.path[0] ?? '') : ctx.params.requiredString('fleetid'));
}

/** A profile of this fleet; one of another fleet of the ASID is a conflict, any other id unknown. */
export function fleetProfile(ctx: ApiContext, fleet: SimFleet, profileId: number) {
  const profile = fleet.profiles.find((p) => p.profileId === profileId);
  if (profile) return profile;
  for (const other of ctx.store.fleets.fleets.values()) {
    if (other.asid === fleet.asid && other.profiles.some((p) => p.profileId === profileId))
      throw new ApiError('conflict', `profileid ${profileId} belongs to fleet ${other.fleetId}, not ${fleet.fleetId}`);
  }
  throw new ApiError('not_found', `profileid ${profileId} not found`);
}

/** Times of allocations: RFC 3339 UTC without fractions, like the documented example. */
export function rfc3339(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requiredUuid(params: Params): string {
  const uuid = params.requiredString('uuid');
  if (!UUID.test(uuid)) throw invalid('uuid must be a UUID (8-4-4-4-12 hex digits)');
  return uuid.toLowerCase();
}

export function assertUuid(uuid: string): string {
  if (!UUID.test(uuid)) throw invalid('uuid must be a UUID (8-4-4-4-12 hex digits)');
  return uuid.toLowerCase();
}
