import { randomUUID } from 'node:crypto';
import type { InstallsPage } from './activities';
import {
  Client,
  WorkflowIdConflictPolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { connectFailingFast } from './temporal/connectFast';
import { temporalSettings } from './temporal/connection';
import {
  ClanforgeAccountServiceId,
  ClanforgeImageId,
  GameBuild,
  ReleaseId,
  RolloutPhase,
} from './contract/searchAttributes';
import {
  defaultReleaseWorkflowId,
  parseReleaseInput,
  rolloutInputsOf,
  type ReleaseInput,
} from './contract/release/input';
import {
  cancelUpdate as releaseCancelUpdate,
  promoteUpdate,
  releaseInputQuery,
  releaseStatusQuery,
  retryUpdate as releaseRetryUpdate,
} from './contract/release/messages';
import {
  isFinalReleasePhase,
  type ReleasePhase,
  type ReleaseResult,
  type ReleaseStatus,
} from './contract/release/status';
import { ReleaseConflict, runningRolloutsOf } from './rollouts/releaseConflicts';
import { progressText } from './rollouts/progressText';
import { operatorName } from './rollouts/operatorName';
import { countdownText } from './contract/countdown';
import { webUiBaseFrom, workflowUiUrl } from './temporal/webUiUrl';
import { definedEnv } from './temporal/definedEnv';
import { defaultWorkflowId, parseRolloutInput, type RolloutInput } from './contract/rollout/input';
import {
  approveUpdate,
  cancelUpdate,
  proceedNowUpdate,
  rejectUpdate,
  retryUpdate,
  statusQuery,
  unlockUpdate,
  type ActionAccepted,
  type ReasonArgs,
} from './contract/rollout/messages';
import { isFinalPhase, type Phase, type RolloutResult, type RolloutStatus } from './contract/rollout/status';
import { releaseDetails, releaseSummary, rolloutSummary, rolloutDetails } from './contract/metadata';
import { liveStatus } from './rollouts/liveStatus';
import { runningRolloutInput } from './rollouts/runningInput';
import { inputDifferences, RolloutConflict } from './rollouts/startConflict';

export type { RolloutInput, RolloutOptions } from './contract/rollout/input';
export type { Phase, RolloutResult, RolloutStatus, Awaiting, TimelineEntry } from './contract/rollout/status';
export type { InstallSummary, FleetCounts, FailedMachine } from './contract/installs';
export type { InstallsPage, InstallRow } from './activities';
export type { ActionAccepted } from './contract/rollout/messages';
export {
  InvalidRolloutInput,
  defaultWorkflowId,
  parseRolloutInput,
  rolloutInputSchema,
} from './contract/rollout/input';
export { PHASES } from './contract/rollout/status';
export { RolloutConflict } from './rollouts/startConflict';
export type { InputDifference } from './contract/releaseConflictText';
export type { ReleaseInput, ReleaseOptions } from './contract/release/input';
export {
  InvalidReleaseInput,
  parseReleaseInput,
  releaseInputSchema,
  defaultReleaseWorkflowId,
} from './contract/release/input';
export type { ReleasePhase, ReleaseStatus, ReleaseResult, ReleaseImageStatus } from './contract/release/status';
export { RELEASE_PHASES } from './contract/release/status';
export { ReleaseConflict } from './rollouts/releaseConflicts';
export type { RunningRollout } from './contract/releaseConflictText';
export { TemporalUnreachable } from './temporal/connectFast';

/** An operator action the rollout refused in its current phase (nothing was changed). */
export class RolloutActionRefused extends Error {
  constructor(
    readonly action: string,
    readonly why: string,
  ) {
    super(`${action} refused: ${why}`);
    this.name = 'RolloutActionRefused';
  }
}

export interface StartedRollout {
  workflowId: string;
  runId: string;
  /** False when a rollout with this id was already running, with the same input, and we attached to it. */
  started: boolean;
}

export interface RolloutSummary {
  workflowId: string;
  runId: string;
  status: string;
  phase?: string;
  accountServiceId?: number;
  imageId?: number;
  gameBuild?: string;
  startTime: Date;
  closeTime?: Date;
}

export interface StartedRelease {
  workflowId: string;
  runId: string;
  /** False when this release was already running with the same input, and we attached to it. */
  started: boolean;
  /** Rollouts of its images already running with the same input: the release adopts them. */
  adopted: string[];
}

export interface ReleaseSummary {
  workflowId: string;
  releaseId?: string;
  status: string;
  phase?: string;
  gameBuild?: string;
  startTime: Date;
  closeTime?: Date;
}

/** Who sends an operator action (default: user@host of this process). */
export interface ActorOptions {
  by?: string;
}

export interface ListFilter {
  phase?: Phase;
  accountServiceId?: number;
  imageId?: number;
  gameBuild?: string;
  limit?: number;
}

/**
 * The library a release-management service imports. Commands go as Temporal updates, so a
 * refused action (retry while nothing failed) is an error here instead of a silent no-op.
 */
export class RolloutClient {
  constructor(
    readonly temporal: Client,
    readonly taskQueue: string,
    /** TEMPORAL_UI_URL: when set, a started rollout's or release's details link to its page. */
    readonly webUiBase?: string,
  ) {}

  /** The details line linking to a workflow's page in the Web UI, when TEMPORAL_UI_URL is known. */
  private webUiLine(workflowId: string): string {
    if (!this.webUiBase) return '';
    return `\n\n**Web UI** ${workflowUiUrl({ baseUrl: this.webUiBase, namespace: this.temporal.options.namespace }, workflowId)}`;
  }

  /** Connects with the TEMPORAL_* environment (@temporalio/envconfig); TemporalUnreachable when nothing answers. */
  static async connect(env: NodeJS.ProcessEnv = process.env): Promise<RolloutClient> {
    const settings = temporalSettings(env);
    const connection = await connectFailingFast(settings.connectionOptions);
    return new RolloutClient(
      new Client({ connection, namespace: settings.namespace }),
      settings.taskQueue,
      webUiBaseFrom(definedEnv(env)),
    );
  }

  async close(): Promise<void> {
    await this.temporal.connection.close();
  }

  /**
   * Starts a rollout (input validated here first, so a bad one is refused before anything is
   * created). A rollout already running under the same id is returned instead of a second one
   * when it runs with the same input (compared parsed); with a different one, RolloutConflict.
   */
  async startRollout(input: RolloutInput, options: { workflowId?: string } = {}): Promise<StartedRollout> {
    const valid = parseRolloutInput(input);
    const workflowId = options.workflowId ?? defaultWorkflowId(valid);
    const running = await this.runningRunId(workflowId);
    if (running) {
      const differences = inputDifferences(await runningRolloutInput(this.temporal, workflowId, running), valid);
      if (differences.length > 0) throw new RolloutConflict(workflowId, running, differences);
      return { workflowId, runId: running, started: false };
    }
    // USE_EXISTING also covers a start racing ours: it attaches instead of failing.
    const handle = await this.temporal.workflow.start('rollout', {
      taskQueue: this.taskQueue,
      workflowId,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      typedSearchAttributes: [
        { key: ClanforgeAccountServiceId, value: valid.accountServiceId },
        { key: ClanforgeImageId, value: valid.imageId },
        { key: RolloutPhase, value: valid.updateUrl ? 'updating' : 'diffing' },
        ...(valid.gameBuild ? [{ key: GameBuild, value: valid.gameBuild }] : []),
      ],
      staticSummary: rolloutSummary(valid),
      staticDetails: rolloutDetails(valid) + this.webUiLine(workflowId),
    });
    return { workflowId, runId: handle.firstExecutionRunId, started: true };
  }

  private async runningRunId(workflowId: string): Promise<string | undefined> {
    try {
      const description = await this.handle(workflowId).describe();
      return description.status.name === 'RUNNING' ? description.runId : undefined;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  handle(workflowId: string): WorkflowHandle {
    return this.temporal.workflow.getHandle(workflowId);
  }

  /**
   * One page of the rollout's per-machine install jobs, read from Clanforge by a worker (which
   * alone holds the credentials) in a workflow of its own, `installsPage`: the rollout's history
   * never carries the list. Clanforge lists incomplete jobs only (open and failed).
   */
  async listInstalls(
    workflowId: string,
    page: { failedOnly?: boolean; offset?: number; limit?: number } = {},
  ): Promise<InstallsPage> {
    const status = await this.handle(workflowId).query(statusQuery);
    if (status.imageVersionId === undefined)
      throw new Error(`${workflowId} has no image version yet: it has no installs to list`);
    return this.temporal.workflow.execute('installsPage', {
      taskQueue: this.taskQueue,
      workflowId: `installs-${workflowId}-${randomUUID()}`,
      args: [{ accountServiceId: status.accountServiceId, imageVersionId: status.imageVersionId, ...page }],
    });
  }

  /** The status query, with the live progress of the job being followed (from its heartbeat). */
  async getRollout(workflowId: string): Promise<RolloutStatus> {
    const handle = this.handle(workflowId);
    const [status, description] = await Promise.all([handle.query(statusQuery), handle.describe()]);
    const live = liveStatus(status, description);
    // While scheduled: how long until the version, as of now (the workflow's clock stands still while it waits).
    return live.phase === 'scheduled' && live.installAt ? { ...live, countdown: countdownText(live.installAt) } : live;
  }

  async listRollouts(filter: ListFilter = {}): Promise<RolloutSummary[]> {
    const clauses = [`WorkflowType = 'rollout'`];
    if (filter.phase) clauses.push(`RolloutPhase = '${filter.phase.replace(/'/g, '')}'`);
    if (filter.accountServiceId !== undefined)
      clauses.push(`ClanforgeAccountServiceId = ${Math.trunc(filter.accountServiceId)}`);
    if (filter.imageId !== undefined) clauses.push(`ClanforgeImageId = ${Math.trunc(filter.imageId)}`);
    if (filter.gameBuild) clauses.push(`GameBuild = '${filter.gameBuild.replace(/'/g, '')}'`);
    const out: RolloutSummary[] = [];
    for await (const wf of this.temporal.workflow.list({ query: clauses.join(' AND ') })) {
      const sa = wf.typedSearchAttributes;
      out.push({
        workflowId: wf.workflowId,
        runId: wf.runId,
        status: wf.status.name,
        phase: sa.get(RolloutPhase),
        accountServiceId: sa.get(ClanforgeAccountServiceId),
        imageId: sa.get(ClanforgeImageId),
        gameBuild: sa.get(GameBuild),
        startTime: wf.startTime,
        closeTime: wf.closeTime,
      });
      if (out.length >= (filter.limit ?? 100)) break;
    }
    return out;
  }

  cancelRollout(workflowId: string, reason?: string, options: ActorOptions = {}): Promise<ActionAccepted> {
    return this.act(workflowId, 'cancel', cancelUpdate, { reason, by: options.by });
  }

  /** With `force`, only for a version create refused over active allocations: it is made with force=1. */
  retryRollout(workflowId: string, options: { force?: boolean } & ActorOptions = {}): Promise<ActionAccepted> {
    return this.act(workflowId, 'retry', retryUpdate, { ...(options.force ? { force: true } : {}), by: options.by });
  }

  approveRollout(workflowId: string, options: ActorOptions = {}): Promise<ActionAccepted> {
    return this.act(workflowId, 'approve', approveUpdate, { by: options.by });
  }

  rejectRollout(workflowId: string, reason?: string, options: ActorOptions = {}): Promise<ActionAccepted> {
    return this.act(workflowId, 'reject', rejectUpdate, { reason, by: options.by });
  }

  /**
   * Rejects the diff that locks the image, when the rollout waits on a diff it did not make and no
   * running rollout made (refused otherwise); with `reinstall`, restores that diff's machine.
   */
  unlockRollout(workflowId: string, options: { reinstall?: boolean } & ActorOptions = {}): Promise<ActionAccepted> {
    return this.act(workflowId, 'unlock', unlockUpdate, {
      ...(options.reinstall ? { reinstall: true } : {}),
      by: options.by,
    });
  }

  proceedNow(workflowId: string, options: ActorOptions = {}): Promise<ActionAccepted> {
    return this.act(workflowId, 'proceedNow', proceedNowUpdate, { by: options.by });
  }

  /**
   * Starts a release (input validated here first). Refused with ReleaseConflict, before anything
   * starts, when a rollout of one of its images is running with a different input; one with the
   * same input is adopted. A release already running under the same id is attached to when its
   * input is the same, refused otherwise.
   */
  async startRelease(input: ReleaseInput, options: { workflowId?: string } = {}): Promise<StartedRelease> {
    const valid = parseReleaseInput(input);
    const workflowId = options.workflowId ?? defaultReleaseWorkflowId(valid);
    const running = await this.runningRunId(workflowId);
    if (running) {
      const current = await this.handle(workflowId).query(releaseInputQuery);
      if (JSON.stringify(current) !== JSON.stringify(valid))
        throw new ReleaseConflict(workflowId, [], `release ${workflowId} is already running with a different input`);
      return { workflowId, runId: running, started: false, adopted: [] };
    }
    const rollouts = await runningRolloutsOf(this.temporal, rolloutInputsOf(valid));
    const conflicts = rollouts.filter((r) => r.differences.length > 0);
    if (conflicts.length > 0) throw new ReleaseConflict(workflowId, conflicts);
    const handle = await this.temporal.workflow.start('release', {
      taskQueue: this.taskQueue,
      workflowId,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      typedSearchAttributes: [
        { key: ReleaseId, value: valid.releaseId },
        { key: RolloutPhase, value: 'running' },
        ...(valid.gameBuild ? [{ key: GameBuild, value: valid.gameBuild }] : []),
      ],
      staticSummary: releaseSummary(valid),
      staticDetails: releaseDetails(valid) + this.webUiLine(workflowId),
    });
    return { workflowId, runId: handle.firstExecutionRunId, started: true, adopted: rollouts.map((r) => r.workflowId) };
  }

  /** The workflow id of a release given by its workflow id or by its releaseId. */
  async releaseWorkflowId(id: string): Promise<string> {
    if (id.startsWith('release-')) {
      try {
        await this.handle(id).describe();
        return id;
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    }
    return defaultReleaseWorkflowId({ releaseId: id });
  }

  /**
   * The release's status query, with each running image's phase and progress read live from its
   * rollout (a query and a describe per running rollout: nothing is written to any history).
   */
  async getRelease(id: string): Promise<ReleaseStatus> {
    const workflowId = await this.releaseWorkflowId(id);
    const status = await this.handle(workflowId).query(releaseStatusQuery);
    const live = status.images.filter((image) => image.phase !== 'pending' && !isFinalPhase(image.phase));
    await Promise.all(
      live.map(async (image) => {
        try {
          const rollout = await this.getRollout(image.workflowId);
          if (!isFinalPhase(rollout.phase))
            Object.assign(image, { phase: rollout.phase, progress: progressText(rollout) });
        } catch {
          // Not started yet, or no worker answered: the release's own view stands.
        }
      }),
    );
    const counts: ReleaseStatus['counts'] = {};
    for (const image of status.images) counts[image.phase] = (counts[image.phase] ?? 0) + 1;
    return { ...status, counts };
  }

  async listReleases(filter: { phase?: ReleasePhase; limit?: number } = {}): Promise<ReleaseSummary[]> {
    const clauses = [`WorkflowType = 'release'`];
    if (filter.phase) clauses.push(`RolloutPhase = '${filter.phase.replace(/'/g, '')}'`);
    const out: ReleaseSummary[] = [];
    for await (const wf of this.temporal.workflow.list({ query: clauses.join(' AND ') })) {
      const sa = wf.typedSearchAttributes;
      out.push({
        workflowId: wf.workflowId,
        releaseId: sa.get(ReleaseId),
        status: wf.status.name,
        phase: sa.get(RolloutPhase),
        gameBuild: sa.get(GameBuild),
        startTime: wf.startTime,
        closeTime: wf.closeTime,
      });
      if (out.length >= (filter.limit ?? 100)) break;
    }
    return out;
  }

  async promoteRelease(id: string, options: ActorOptions = {}): Promise<ActionAccepted> {
    return this.act(await this.releaseWorkflowId(id), 'promote', promoteUpdate, { by: options.by });
  }

  /** Starts again the rollouts of the current wave that ended other than completed. */
  async retryRelease(id: string, options: ActorOptions = {}): Promise<ActionAccepted> {
    return this.act(await this.releaseWorkflowId(id), 'retry', releaseRetryUpdate, { by: options.by });
  }

  /** Cancels every running rollout of the release (each cleans up as its own cancel does) and ends it cancelled. */
  async cancelRelease(id: string, reason?: string, options: ActorOptions = {}): Promise<ActionAccepted> {
    return this.act(await this.releaseWorkflowId(id), 'cancel', releaseCancelUpdate, { reason, by: options.by });
  }

  async releaseResult(id: string): Promise<ReleaseResult> {
    return this.handle(await this.releaseWorkflowId(id)).result() as Promise<ReleaseResult>;
  }

  /** Yields the release's status each time it changes, until it ends. */
  async *watchRelease(id: string, options: { intervalMs?: number } = {}): AsyncGenerator<ReleaseStatus> {
    const workflowId = await this.releaseWorkflowId(id);
    let last = '';
    for (;;) {
      const status = await this.getRelease(workflowId);
      const key = JSON.stringify({ ...status, timeline: status.timeline.length });
      if (key !== last) {
        last = key;
        yield status;
      }
      if (isFinalReleasePhase(status.phase)) return;
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 2_000));
    }
  }

  /** Sends an operator action as an update; a refusal becomes a RolloutActionRefused saying why. */
  private async act(
    workflowId: string,
    action: string,
    update: typeof retryUpdate | typeof promoteUpdate,
    args: ReasonArgs,
  ): Promise<ActionAccepted> {
    try {
      // Who acts: the caller's `by`, else this process's user@host.
      return await this.handle(workflowId).executeUpdate(update, {
        args: [{ ...args, by: args.by ?? operatorName() }],
      });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError)
        throw new RolloutActionRefused(action, error.cause?.message ?? error.message);
      throw error;
    }
  }

  result(workflowId: string): Promise<RolloutResult> {
    return this.handle(workflowId).result() as Promise<RolloutResult>;
  }

  /** Yields the status each time it changes, until the rollout ends. */
  async *watchRollout(workflowId: string, options: { intervalMs?: number } = {}): AsyncGenerator<RolloutStatus> {
    let last = '';
    for (;;) {
      const status = await this.getRollout(workflowId);
      const key = JSON.stringify({ ...status, timeline: status.timeline.length });
      if (key !== last) {
        last = key;
        yield status;
      }
      if (isFinalPhase(status.phase)) return;
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1_000));
    }
  }
}

let shared: Promise<RolloutClient> | undefined;
/** A client from the environment, made once per process, for the plain functions below. */
function defaultClient(): Promise<RolloutClient> {
  shared ??= RolloutClient.connect();
  return shared;
}

export const startRollout = async (input: RolloutInput, options?: { workflowId?: string }) =>
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
export async function* watchRollout(id: string, options?: { intervalMs?: number }): AsyncGenerator<RolloutStatus> {
  yield* (await defaultClient()).watchRollout(id, options);
}
export const startRelease = async (input: ReleaseInput, options?: { workflowId?: string }) =>
  (await defaultClient()).startRelease(input, options);
export const getRelease = async (id: string) => (await defaultClient()).getRelease(id);
export const listReleases = async (filter?: { phase?: ReleasePhase; limit?: number }) =>
  (await defaultClient()).listReleases(filter);
export const promoteRelease = async (id: string, options?: ActorOptions) =>
  (await defaultClient()).promoteRelease(id, options);
export const retryRelease = async (id: string, options?: ActorOptions) =>
  (await defaultClient()).retryRelease(id, options);
export const cancelRelease = async (id: string, reason?: string, options?: ActorOptions) =>
  (await defaultClient()).cancelRelease(id, reason, options);
export async function* watchRelease(id: string, options?: { intervalMs?: number }): AsyncGenerator<ReleaseStatus> {
  yield* (await defaultClient()).watchRelease(id, options);
}
