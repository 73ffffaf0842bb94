import { Client, Connection, WorkflowIdConflictPolicy, WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { temporalSettings } from './temporal/connection';
import { ClanforgeAccountServiceId, ClanforgeImageId, GameBuild, RolloutPhase } from './temporal/searchAttributes';
import { defaultWorkflowId, parseRolloutInput, type RolloutInput } from './workflows/input';
import {
  approveUpdate,
  cancelUpdate,
  proceedNowUpdate,
  rejectUpdate,
  retryUpdate,
  statusQuery,
  type ActionAccepted,
  type ReasonArgs,
} from './workflows/messages';
import { isFinalPhase, type Phase, type RolloutResult, type RolloutStatus } from './workflows/status';
import { rolloutSummary, rolloutDetails } from './rollouts/metadata';
import { liveStatus } from './rollouts/liveStatus';

export type { RolloutInput, RolloutOptions } from './workflows/input';
export type { Phase, RolloutResult, RolloutStatus, InstallRecord, Awaiting, TimelineEntry } from './workflows/status';
export type { ActionAccepted } from './workflows/messages';
export { InvalidRolloutInput, defaultWorkflowId, parseRolloutInput, rolloutInputSchema } from './workflows/input';
export { PHASES } from './workflows/status';

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
  /** False when a rollout with this id was already running and we attached to it. */
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
  ) {}

  /** Connects with the TEMPORAL_* environment (@temporalio/envconfig). */
  static async connect(env: NodeJS.ProcessEnv = process.env): Promise<RolloutClient> {
    const settings = temporalSettings(env);
    const connection = await Connection.connect(settings.connectionOptions);
    return new RolloutClient(new Client({ connection, namespace: settings.namespace }), settings.taskQueue);
  }

  async close(): Promise<void> {
    await this.temporal.connection.close();
  }

  /**
   * Starts a rollout (input validated here first, so a bad one is refused before anything is
   * created). A rollout already running under the same id is returned instead of a second one.
   */
  async startRollout(input: RolloutInput, options: { workflowId?: string } = {}): Promise<StartedRollout> {
    const valid = parseRolloutInput(input);
    const workflowId = options.workflowId ?? defaultWorkflowId(valid);
    const running = await this.runningRunId(workflowId);
    if (running) return { workflowId, runId: running, started: false };
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
      staticDetails: rolloutDetails(valid),
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

  /** The status query, with the live progress of the job being followed (from its heartbeat). */
  async getRollout(workflowId: string): Promise<RolloutStatus> {
    const handle = this.handle(workflowId);
    const [status, description] = await Promise.all([handle.query(statusQuery), handle.describe()]);
    return liveStatus(status, description);
  }

  async listRollouts(filter: ListFilter = {}): Promise<RolloutSummary[]> {
    const clauses = [`WorkflowType = 'rollout'`];
    if (filter.phase) clauses.push(`RolloutPhase = '${filter.phase.replace(/'/g, '')}'`);
    if (filter.accountServiceId !== undefined) clauses.push(`ClanforgeAccountServiceId = ${Math.trunc(filter.accountServiceId)}`);
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

  cancelRollout(workflowId: string, reason?: string): Promise<ActionAccepted> {
    return this.act(workflowId, 'cancel', cancelUpdate, { reason });
  }

  retryRollout(workflowId: string): Promise<ActionAccepted> {
    return this.act(workflowId, 'retry', retryUpdate, {});
  }

  approveRollout(workflowId: string): Promise<ActionAccepted> {
    return this.act(workflowId, 'approve', approveUpdate, {});
  }

  rejectRollout(workflowId: string, reason?: string): Promise<ActionAccepted> {
    return this.act(workflowId, 'reject', rejectUpdate, { reason });
  }

  proceedNow(workflowId: string): Promise<ActionAccepted> {
    return this.act(workflowId, 'proceedNow', proceedNowUpdate, {});
  }

  /** Sends an operator action as an update; a refusal becomes a RolloutActionRefused saying why. */
  private async act(workflowId: string, action: string, update: typeof retryUpdate, args: ReasonArgs): Promise<ActionAccepted> {
    try {
      return await this.handle(workflowId).executeUpdate(update, { args: [args] });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) throw new RolloutActionRefused(action, error.cause?.message ?? error.message);
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

export const startRollout = async (input: RolloutInput, options?: { workflowId?: string }) => (await defaultClient()).startRollout(input, options);
export const getRollout = async (id: string) => (await defaultClient()).getRollout(id);
export const listRollouts = async (filter?: ListFilter) => (await defaultClient()).listRollouts(filter);
export const cancelRollout = async (id: string, reason?: string) => (await defaultClient()).cancelRollout(id, reason);
export const retryRollout = async (id: string) => (await defaultClient()).retryRollout(id);
export const approveRollout = async (id: string) => (await defaultClient()).approveRollout(id);
export const rejectRollout = async (id: string, reason?: string) => (await defaultClient()).rejectRollout(id, reason);
export const proceedNow = async (id: string) => (await defaultClient()).proceedNow(id);
export async function* watchRollout(id: string, options?: { intervalMs?: number }): AsyncGenerator<RolloutStatus> {
  yield* (await defaultClient()).watchRollout(id, options);
}
