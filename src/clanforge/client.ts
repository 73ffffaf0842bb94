import { clanforgeConfigFromEnv, type ClanforgeClientConfig } from './config';
import {
  fleetRequests,
  type AllocateParams,
  type AllocateV2Params,
  type FleetAllocationsParams,
  type FleetSwitchParams,
  type ProfileListParams,
  type ServerListParams,
} from './fleetRequests';
import type { ClanforgeAllocation, ClanforgeProfile, ClanforgeServer, FleetSwitchStatus } from './fleetSchemas';
import { ClanforgeHttp, type RejectionObserver, type RequestObserver } from './http';
import {
  imageDiffRejectSchema,
  imageDiffSchema,
  imageInstallQueueSchema,
  imageInstallStatusSchema,
  imageOptionsSchema,
  imageStatusSchema,
  imageUpdateSchema,
  imageVersionSchema,
  type ImageDiffJob,
  type ImageDiffRejectResult,
  type ImageOptions,
  type ImageRolloutStatus,
  type ImageUpdateJob,
  type ImageVersionJob,
  type InstallJob,
  type InstallQueueResult,
} from './schemas';

export interface ImageUpdateCreateParams {
  accountServiceId: number;
  imageId: number;
  machineId: number;
  desc: string;
  url?: string;
}

export interface ImageVersionCreateParams {
  accountServiceId: number;
  diffId: number;
  restart: boolean;
  full?: boolean;
  force?: boolean;
  gameBuild?: string;
  /** Unix seconds; absent means now. */
  installAt?: number;
  disableTimeoutMinutes?: number;
  disablePercentage?: number;
}

export interface ImageOptionsParams {
  accountServiceId: number;
  gameId: number;
  imageId: number;
  gameVersionIdentifier?: string;
}

/**
 * One typed method per Clanforge image-update endpoint (clanforge-api.md section 4) and per fleet,
 * profile, server and allocation endpoint (clanforge-api-fleets.md). Every method validates the
 * body at runtime and throws ClanforgeError; none retries by itself.
 */
export class ClanforgeClient {
  private readonly http: ClanforgeHttp;
  /** The v2 endpoints live beside v1 (…/cfp/v2), with the ASID or the fleet in their path. */
  private readonly v2BaseUrl: string;

  constructor(config: ClanforgeClientConfig) {
    this.http = new ClanforgeHttp(config);
    this.v2BaseUrl = config.baseUrl.replace(/\/v1$/, '/v2');
  }

  static fromEnv(env: NodeJS.ProcessEnv = process.env): ClanforgeClient {
    return new ClanforgeClient(clanforgeConfigFromEnv(env));
  }

  onRequest(observer: RequestObserver): void {
    this.http.onRequest(observer);
  }

  /** Told of every 401 (after the keys were looked at again): the worker stops taking Clanforge work. */
  onCredentialsRejected(observer: RejectionObserver): void {
    this.http.onCredentialsRejected(observer);
  }

  imageUpdateCreate(p: ImageUpdateCreateParams): Promise<ImageUpdateJob> {
    return this.http.get({
      endpoint: 'imageupdate/create',
      path: 'imageupdate/create',
      params: {
        accountserviceid: p.accountServiceId,
        imageid: p.imageId,
        machineid: p.machineId,
        desc: p.desc,
        url: p.url,
      },
      schema: imageUpdateSchema,
      ids: { accountserviceid: p.accountServiceId, imageid: p.imageId, machineid: p.machineId },
    });
  }

  imageUpdateStatus(accountServiceId: number, updateId: number): Promise<ImageUpdateJob> {
    return this.http.get({
      endpoint: 'imageupdate/status',
      path: `imageupdate/${updateId}/status`,
      params: { accountserviceid: accountServiceId, updateid: updateId },
      schema: imageUpdateSchema,
      ids: { accountserviceid: accountServiceId, updateid: updateId },
    });
  }

  imageDiffCreate(accountServiceId: number, imageId: number, machineId: number): Promise<ImageDiffJob> {
    return this.http.get({
      endpoint: 'imagediff/create',
      path: 'imagediff/create',
      params: { accountserviceid: accountServiceId, imageid: imageId, machineid: machineId },
      schema: imageDiffSchema,
      ids: { accountserviceid: accountServiceId, imageid: imageId, machineid: machineId },
    });
  }

  imageDiffStatus(accountServiceId: number, diffId: number, diffInfo = false): Promise<ImageDiffJob> {
    return this.http.get({
      endpoint: 'imagediff/status',
      path: `imagediff/${diffId}/status`,
      params: { accountserviceid: accountServiceId, diffid: diffId, diff_info: diffInfo ? 1 : undefined },
      schema: imageDiffSchema,
      ids: { accountserviceid: accountServiceId, diffid: diffId },
    });
  }

  imageDiffRetry(accountServiceId: number, diffId: number): Promise<ImageDiffJob> {
    return this.http.get({
      endpoint: 'imagediff/retry',
      path: `imagediff/${diffId}/retry`,
      params: { accountserviceid: accountServiceId, diffid: diffId },
      schema: imageDiffSchema,
      ids: { accountserviceid: accountServiceId, diffid: diffId },
    });
  }

  imageDiffReject(accountServiceId: number, diffId: number, reinstall: boolean): Promise<ImageDiffRejectResult> {
    return this.http.get({
      endpoint: 'imagediff/reject',
      path: `imagediff/${diffId}/reject`,
      params: { accountserviceid: accountServiceId, diffid: diffId, reinstall },
      schema: imageDiffRejectSchema,
      ids: { accountserviceid: accountServiceId, diffid: diffId },
    });
  }

  imageVersionCreate(p: ImageVersionCreateParams): Promise<ImageVersionJob> {
    return this.http.get({
      endpoint: 'imageversion/create',
      path: 'imageversion/create',
      params: {
        accountserviceid: p.accountServiceId,
        diffid: p.diffId,
        restart: p.restart,
        full: p.full,
        force: p.force,
        game_build: p.gameBuild,
        install_at: p.installAt ?? 'NOW()',
        disable_timeout: p.disableTimeoutMinutes,
        disable_percentage: p.disablePercentage?.toFixed(2),
      },
      schema: imageVersionSchema,
      ids: { accountserviceid: p.accountServiceId, diffid: p.diffId },
    });
  }

  imageVersionStatus(accountServiceId: number, imageVersionId: number): Promise<ImageVersionJob> {
    return this.http.get({
      endpoint: 'imageversion/status',
      path: `imageversion/${imageVersionId}/status`,
      params: { accountserviceid: accountServiceId, imageversionid: imageVersionId },
      schema: imageVersionSchema,
      ids: { accountserviceid: accountServiceId, imageversionid: imageVersionId },
    });
  }

  /** All incomplete install jobs of the ASID (the API has no filter). */
  async imageInstallStatus(accountServiceId: number): Promise<InstallJob[]> {
    const body = await this.http.get({
      endpoint: 'imageinstall/status',
      path: 'imageinstall/status',
      params: { accountserviceid: accountServiceId },
      schema: imageInstallStatusSchema,
      ids: { accountserviceid: accountServiceId },
    });
    return body.installs;
  }

  imageInstallQueue(accountServiceId: number, jobId: number, mirroring: boolean): Promise<InstallQueueResult> {
    return this.http.get({
      endpoint: 'imageinstall/queue',
      path: `imageinstall/${jobId}/queue`,
      // Documented as true/false, unlike the 1/0 booleans of the other endpoints.
      params: { accountserviceid: accountServiceId, jobid: jobId, mirroring: mirroring ? 'true' : 'false' },
      schema: imageInstallQueueSchema,
      ids: { accountserviceid: accountServiceId, jobid: jobId },
    });
  }

  /** v2 rollout progress of the image's latest version (pending/failed/completed machines). */
  imageStatus(accountServiceId: number, imageId: number, detail = false): Promise<ImageRolloutStatus> {
    return this.http.get({
      endpoint: 'v2/image/status',
      path: `${this.v2BaseUrl}/project/${accountServiceId}/image/${imageId}/status`,
      params: { detail: detail ? 'true' : undefined },
      schema: imageStatusSchema,
      ids: { accountserviceid: accountServiceId, imageid: imageId },
    });
  }

  /** `image/options` of one image: which diff and/or update lock it (gameid and imageid go together). */
  async getImageOptions(p: ImageOptionsParams): Promise<ImageOptions> {
    const options = await this.http.get({
      endpoint: 'image/options',
      path: 'image/options',
      params: {
        accountserviceid: p.accountServiceId,
        gameid: p.gameId,
        imageid: p.imageId,
        gameversion_identifier: p.gameVersionIdentifier,
      },
      schema: imageOptionsSchema,
      ids: { accountserviceid: p.accountServiceId, gameid: p.gameId, imageid: p.imageId },
    });
    return { ...options, gameId: options.gameId ?? p.gameId, imageId: options.imageId ?? p.imageId };
  }

  /**
   * Switches a reservation fleet to a profile (PATCH v2 switchprofile): its servers restart onto
   * it in batches of `maxMachines`; busy ones at the latest after `timeout`. A create: a lost
   * answer is resolved with `fleetSwitchStatus`, never by sending it again blindly.
   */
  fleetSwitchProfile(p: FleetSwitchParams): Promise<FleetSwitchStatus> {
    return this.http.get(fleetRequests.switchProfile(this.v2BaseUrl, p));
  }

  /** The fleet's last switch (`not requested` before any, with the fleet's current profile). */
  fleetSwitchStatus(fleetId: string): Promise<FleetSwitchStatus> {
    return this.http.get(fleetRequests.switchStatus(this.v2BaseUrl, fleetId));
  }

  async profileList(p: ProfileListParams): Promise<ClanforgeProfile[]> {
    return (await this.http.get(fleetRequests.profileList(p))).profiles;
  }

  serverList(p: ServerListParams): Promise<ClanforgeServer[]> {
    return this.http.get(fleetRequests.serverList(p));
  }

  serverStatus(serverId: number, queryInfo = false): Promise<ClanforgeServer> {
    return this.http.get(fleetRequests.serverStatus(serverId, queryInfo));
  }

  /** v1 allocate (GET, as public matchmakers call it); poll `serverAllocations` for the server. */
  async serverAllocate(p: AllocateParams): Promise<ClanforgeAllocation> {
    return (await this.http.get(fleetRequests.allocate(p))).allocation;
  }

  /** v2 allocate (POST), with an optional payload for the game server. */
  async fleetServerAllocate(p: AllocateV2Params): Promise<ClanforgeAllocation> {
    return (await this.http.get(fleetRequests.allocateV2(this.v2BaseUrl, p))).allocation;
  }

  /** Up to 100 allocations of one fleet by uuid; an unknown uuid is ClanforgeNotFound. */
  async serverAllocations(fleetId: string, uuids: readonly string[]): Promise<ClanforgeAllocation[]> {
    return (await this.http.get(fleetRequests.allocations(fleetId, uuids))).allocations;
  }

  /** Live allocations at least `age` old (v2; for finding lost uuids, not for polling). */
  fleetAllocations(p: FleetAllocationsParams): Promise<ClanforgeAllocation[]> {
    return this.http.get(fleetRequests.fleetAllocations(this.v2BaseUrl, p));
  }

  /** v1 deallocate; `fleetId` may be left out, as public clients do. Returns the uuid. */
  async serverDeallocate(uuid: string, fleetId?: string): Promise<string> {
    return (await this.http.get(fleetRequests.deallocate(uuid, fleetId))).uuid;
  }

  async fleetServerDeallocate(fleetId: string, uuid: string): Promise<string> {
    return (await this.http.get(fleetRequests.deallocateV2(this.v2BaseUrl, fleetId, uuid))).uuid;
  }
}
