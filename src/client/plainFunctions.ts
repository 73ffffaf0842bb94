import type { ReleaseInput } from '../contract/release/input';
import type { ReleaseStatus } from '../contract/release/status';
import type { RolloutInput } from '../contract/rollout/input';
import type { RolloutStatus } from '../contract/rollout/status';
import { RolloutClient } from './rolloutClient';
import type { FreezeRequest, UnfreezeRequest } from '../contract/freeze/state';
import type { ActorOptions, ListFilter, ReleaseFilter, StartOptions, WatchOptions } from './types';

let shared: Promise<RolloutClient> | undefined;
/** A client from the environment, made once per process, for the plain functions below. */
function defaultClient(): Promise<RolloutClient> {
  shared ??= RolloutClient.connect();
  return shared;
}

export const startRollout = async (input: RolloutInput, options?: StartOptions) =>
  (await defaultClient()).startRollout(input, options);
export const getRollout = async (id: string) => (await defaultClient()).getRollout(id);
export const listRollouts = async (filter?: ListFilter) => (await defaultClient()).listRollouts(filter);
export const cancelRollout = async (id: string, reason?: string, options?: ActorOptions) =>
  (await defaultClient()).cancelRollout(id, reason, options);
export const retryRollout = async (id: string, options?: { force?: boolean } & ActorOptions) =>
  (await defaultClient()).retryRollout(id, options);
export const approveRollout = async (id: string, options?: ActorOptions) =>
  (await defaultClient()).approveRollout(id, options);
export const rejectRollout = async (id: string, reason?: string, options?: ActorOptions) =>
  (await defaultClient()).rejectRollout(id, reason, options);
export const proceedNow = async (id: string, options?: ActorOptions) => (await defaultClient()).proceedNow(id, options);
export const unlockRollout = async (id: string, options?: { reinstall?: boolean } & ActorOptions) =>
  (await defaultClient()).unlockRollout(id, options);
export const rollbackRollout = async (id: string, reason?: string, options?: ActorOptions) =>
  (await defaultClient()).rollbackRollout(id, reason, options);
export const fleetLive = async (fleetId: string) => (await defaultClient()).fleetLive(fleetId);
export const freeze = async (request: FreezeRequest) => (await defaultClient()).freeze(request);
export const unfreeze = async (request?: UnfreezeRequest) => (await defaultClient()).unfreeze(request);
export const freezeState = async () => (await defaultClient()).freezeState();
export async function* watchRollout(id: string, options?: WatchOptions): AsyncGenerator<RolloutStatus> {
  yield* (await defaultClient()).watchRollout(id, options);
}
export const startRelease = async (input: ReleaseInput, options?: StartOptions) =>
  (await defaultClient()).startRelease(input, options);
export const getRelease = async (id: string) => (await defaultClient()).getRelease(id);
export const listReleases = async (filter?: ReleaseFilter) => (await defaultClient()).listReleases(filter);
export const promoteRelease = async (id: string, options?: ActorOptions) =>
  (await defaultClient()).promoteRelease(id, options);
export const retryRelease = async (id: string, options?: ActorOptions) =>
  (await defaultClient()).retryRelease(id, options);
export const cancelRelease = async (id: string, reason?: string, options?: ActorOptions) =>
  (await defaultClient()).cancelRelease(id, reason, options);
export async function* watchRelease(id: string, options?: WatchOptions): AsyncGenerator<ReleaseStatus> {
  yield* (await defaultClient()).watchRelease(id, options);
}
