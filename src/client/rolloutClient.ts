import type { Client, WorkflowHandle } from '@temporalio/client';
import type { InstallsPage } from '../activities';
import type { ReleaseInput } from '../contract/release/input';
import type { ReleaseResult, ReleaseStatus } from '../contract/release/status';
import type { RolloutInput } from '../contract/rollout/input';
import type { ActionAccepted } from '../contract/rollout/messages';
import type { RolloutResult, RolloutStatus } from '../contract/rollout/status';
import type { FleetLive } from '../contract/rollback/live';
import { randomUUID } from 'node:crypto';
import { fleetLiveOf } from '../rollouts/fleetHistory';
import type { fleetSwitchRead } from '../workflows/shared/fleetSwitchRead';
import { connectContext } from './connection';
import { ReleaseWorkflowClient } from './releaseWorkflowClient';
import { RolloutWorkflowClient } from './rolloutWorkflowClient';
import { FreezeClient } from './freezeClient';
import type { FreezeRequest, FreezeState, UnfreezeRequest } from '../contract/freeze/state';
import type {
  ActorOptions,
  InstallsPageRequest,
  ListFilter,
  ReleaseFilter,
  ReleaseSummary,
  RollbackAccepted,
  RolloutSummary,
  StartOptions,
  StartedRelease,
  StartedRollout,
  WatchOptions,
} from './types';

/**
 * The library a release-management service imports: one connection serving both workflows,
 * `rollouts` and `releases` (each a client of its own), and the flat methods callers have
 * always used, each handing over to one of the two. Commands go as Temporal updates, so a
 * refused action (retry while nothing failed) is an error here instead of a silent no-op.
 */
export class RolloutClient {
  readonly rollouts: RolloutWorkflowClient;
  readonly releases: ReleaseWorkflowClient;
  /** The emergency freeze of every rollout, release and rollback in the namespace. */
  readonly freezes: FreezeClient;

  constructor(
    readonly temporal: Client,
    readonly taskQueue: string,
    /** TEMPORAL_UI_URL: when set, a started rollout's or release's details link to its page. */
    readonly webUiBase?: string,
  ) {
    this.rollouts = new RolloutWorkflowClient({ temporal, taskQueue, webUiBase });
    this.releases = new ReleaseWorkflowClient(this.rollouts);
    this.freezes = new FreezeClient(temporal, taskQueue);
  }

  /** Connects with the TEMPORAL_* environment (@temporalio/envconfig); TemporalUnreachable when nothing answers. */
  static async connect(env: NodeJS.ProcessEnv = process.env): Promise<RolloutClient> {
    const { temporal, taskQueue, webUiBase } = await connectContext(env);
    return new RolloutClient(temporal, taskQueue, webUiBase);
  }

  async close(): Promise<void> {
    await this.temporal.connection.close();
  }

  handle(workflowId: string): WorkflowHandle {
    return this.rollouts.handle(workflowId);
  }

  // The emergency freeze: see FreezeClient.

  /** Holds every create of every rollout, release (next wave) and, with includeRollbacks, rollback; FreezeRefused when already frozen. */
  freeze(request: FreezeRequest): Promise<FreezeState> {
    return this.freezes.freeze(request);
  }

  /** Lifts the freeze: held workflows go on by themselves; FreezeRefused when not frozen. */
  unfreeze(request?: UnfreezeRequest): Promise<FreezeState> {
    return this.freezes.unfreeze(request);
  }

  freezeState(): Promise<FreezeState> {
    return this.freezes.state();
  }

  // The rollout workflow: see RolloutWorkflowClient.

  startRollout(input: RolloutInput, options?: StartOptions): Promise<StartedRollout> {
    return this.rollouts.start(input, options);
  }

  getRollout(workflowId: string): Promise<RolloutStatus> {
    return this.rollouts.get(workflowId);
  }

  listRollouts(filter?: ListFilter): Promise<RolloutSummary[]> {
    return this.rollouts.list(filter);
  }

  listInstalls(workflowId: string, page?: InstallsPageRequest): Promise<InstallsPage> {
    return this.rollouts.listInstalls(workflowId, page);
  }

  watchRollout(workflowId: string, options?: WatchOptions): AsyncGenerator<RolloutStatus> {
    return this.rollouts.watch(workflowId, options);
  }

  result(workflowId: string): Promise<RolloutResult> {
    return this.rollouts.result(workflowId);
  }

  cancelRollout(workflowId: string, reason?: string, options?: ActorOptions): Promise<ActionAccepted> {
    return this.rollouts.cancel(workflowId, reason, options);
  }

  retryRollout(workflowId: string, options?: { force?: boolean } & ActorOptions): Promise<ActionAccepted> {
    return this.rollouts.retry(workflowId, options);
  }

  approveRollout(workflowId: string, options?: ActorOptions): Promise<ActionAccepted> {
    return this.rollouts.approve(workflowId, options);
  }

  rejectRollout(workflowId: string, reason?: string, options?: ActorOptions): Promise<ActionAccepted> {
    return this.rollouts.reject(workflowId, reason, options);
  }

  proceedNow(workflowId: string, options?: ActorOptions): Promise<ActionAccepted> {
    return this.rollouts.proceed(workflowId, options);
  }

  unlockRollout(workflowId: string, options?: { reinstall?: boolean } & ActorOptions): Promise<ActionAccepted> {
    return this.rollouts.unlock(workflowId, options);
  }

  /**
   * Switches a rollout's fleet back to the profile live before its cutover: while cutting over or
   * baking, through the rollout; after it completed, by starting a `rollback` workflow, whose id
   * the answer's `rollbackWorkflowId` gives. Refused (RolloutActionRefused) when a later cutover
   * of the fleet completed since, naming it.
   */
  rollbackRollout(workflowId: string, reason?: string, options?: ActorOptions): Promise<RollbackAccepted> {
    return this.rollouts.rollback(workflowId, reason, options);
  }

  /** The fleet's live profile, its image and build, and the rollout or rollback that made it live (from visibility). */
  /**
   * Where a fleet stands: what Temporal's workflows made live (visibility), and the fleet's switch
   * status as Clanforge reports it now, read by a worker (workflow `fleetSwitchRead`).
   */
  async fleetLive(fleetId: string): Promise<FleetLive> {
    const [live, clanforge] = await Promise.all([fleetLiveOf(this.temporal, fleetId), this.switchRead(fleetId)]);
    return { ...live, clanforge };
  }

  private async switchRead(fleetId: string): Promise<FleetLive['clanforge']> {
    try {
      const s = await this.temporal.workflow.execute<typeof fleetSwitchRead>('fleetSwitchRead', {
        taskQueue: this.taskQueue,
        workflowId: `fleet-switch-${fleetId}-${randomUUID()}`,
        args: [{ fleetId }],
        // No worker, or Clanforge down: say so rather than wait.
        workflowExecutionTimeout: '1 minute',
      });
      return {
        profileId: s.profileId,
        state: s.state,
        serversPending: s.serversPending,
        serversProcessed: s.serversProcessed,
      };
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      return { error: cause ?? (error instanceof Error ? error.message : String(error)) };
    }
  }

  // The release workflow: see ReleaseWorkflowClient.

  startRelease(input: ReleaseInput, options?: StartOptions): Promise<StartedRelease> {
    return this.releases.start(input, options);
  }

  releaseWorkflowId(id: string): Promise<string> {
    return this.releases.workflowId(id);
  }

  getRelease(id: string): Promise<ReleaseStatus> {
    return this.releases.get(id);
  }

  listReleases(filter?: ReleaseFilter): Promise<ReleaseSummary[]> {
    return this.releases.list(filter);
  }

  watchRelease(id: string, options?: WatchOptions): AsyncGenerator<ReleaseStatus> {
    return this.releases.watch(id, options);
  }

  releaseResult(id: string): Promise<ReleaseResult> {
    return this.releases.result(id);
  }

  promoteRelease(id: string, options?: ActorOptions): Promise<ActionAccepted> {
    return this.releases.promote(id, options);
  }

  retryRelease(id: string, options?: ActorOptions): Promise<ActionAccepted> {
    return this.releases.retry(id, options);
  }

  cancelRelease(id: string, reason?: string, options?: ActorOptions): Promise<ActionAccepted> {
    return this.releases.cancel(id, reason, options);
  }
}
