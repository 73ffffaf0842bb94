import { WorkflowIdConflictPolicy, WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { releaseDetails, releaseSummary } from '../contract/metadata';
import { progressText } from '../rollouts/progressText';
import { ReleaseConflict, runningRolloutsOf } from '../rollouts/releaseConflicts';
import { GameBuild, ReleaseId, RolloutPhase } from '../contract/searchAttributes';
import { missingSearchAttributes } from '../temporal/ensureSearchAttributes';
import {
  defaultReleaseWorkflowId,
  parseReleaseInput,
  candidateRolloutInputsOf,
  type ReleaseInput,
  type ReleaseOptions,
} from '../contract/release/input';
import {
  cancelUpdate,
  promoteUpdate,
  releaseInputQuery,
  releaseStatusQuery,
  retryUpdate,
} from '../contract/release/messages';
import type { release } from '../workflows/release/release';
import { isFinalReleasePhase, type ReleaseResult, type ReleaseStatus } from '../contract/release/status';
import type { ActionAccepted } from '../contract/rollout/messages';
import { isFinalPhase } from '../contract/rollout/status';
import { webUiLine } from './connection';
import { listRows } from './listRows';
import { sendOperatorAction } from './operatorAction';
import type { RolloutWorkflowClient } from './rolloutWorkflowClient';
import { runningRunId } from './runningRun';
import { isClosed, withClosedExecution } from './closedExecution';
import { onNaturalId, releaseSearch } from './naturalId';
import type { ActorOptions, ReleaseFilter, ReleaseSummary, StartOptions, StartedRelease, WatchOptions } from './types';
import { watchUntilFinal } from './watch';

const RELEASE_COLUMNS = ['workflowId', 'releaseId', 'status', 'phase', 'gameBuild', 'startTime', 'closeTime'] as const;

/**
 * The `release` workflows of one namespace. A release is named by its workflow id or by its
 * releaseId everywhere; its images' live progress is read through their rollouts.
 */
export class ReleaseWorkflowClient {
  constructor(private readonly rollouts: RolloutWorkflowClient) {}

  private get context() {
    return this.rollouts.context;
  }

  /** The release's handle, typed by the workflow function: its result is a ReleaseResult. */
  private handle(workflowId: string): WorkflowHandle<typeof release> {
    return this.context.temporal.workflow.getHandle<typeof release>(workflowId);
  }

  /** The handle of a release given by its workflow id or by its releaseId. */
  private async handleOf(id: string): Promise<WorkflowHandle<typeof release>> {
    return this.handle(await this.workflowId(id));
  }

  /**
   * Starts a release (input validated here first). Refused with ReleaseConflict, before anything
   * starts, when a rollout of one of its images is running with a different input; one with the
   * same input is adopted. A release already running under the same id is attached to when its
   * input is the same, refused otherwise.
   */
  async start(input: ReleaseInput, options: StartOptions = {}): Promise<StartedRelease> {
    const { temporal, taskQueue } = this.context;
    const valid = parseReleaseInput(input, Date.now());
    const workflowId = options.workflowId ?? defaultReleaseWorkflowId(valid);
    const running = await runningRunId(temporal, workflowId);
    if (running) return this.attach(workflowId, running, valid);
    const rollouts = await runningRolloutsOf(temporal, candidateRolloutInputsOf(valid));
    const conflicts = rollouts.filter((r) => r.differences.length > 0);
    if (conflicts.length > 0) throw new ReleaseConflict(workflowId, conflicts);
    const handle = await temporal.workflow.start<typeof release>('release', {
      taskQueue,
      workflowId,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      typedSearchAttributes: [
        // A namespace from before releases lacks it: the start would be refused; the release says so instead.
        ...((await namespaceHas(temporal, ReleaseId.name)) ? [{ key: ReleaseId, value: valid.releaseId }] : []),
        { key: RolloutPhase, value: 'running' },
        ...(valid.gameBuild ? [{ key: GameBuild, value: valid.gameBuild }] : []),
      ],
      staticSummary: releaseSummary(valid),
      staticDetails: releaseDetails(valid) + webUiLine(this.context, workflowId),
    });
    return { workflowId, runId: handle.firstExecutionRunId, started: true, adopted: rollouts.map((r) => r.workflowId) };
  }

  /** The running release, when it runs with this input (compared parsed); ReleaseConflict otherwise. */
  private async attach(workflowId: string, runId: string, valid: ReleaseOptions): Promise<StartedRelease> {
    const current = await this.handle(workflowId).query(releaseInputQuery);
    if (JSON.stringify(current) !== JSON.stringify(valid))
      throw new ReleaseConflict(workflowId, [], `release ${workflowId} is already running with a different input`);
    return { workflowId, runId, started: false, adopted: [] };
  }

  /** The workflow id of a release given by its workflow id or by its releaseId. */
  async workflowId(id: string): Promise<string> {
    if (id.startsWith('release-')) {
      try {
        await this.handle(id).describe();
        return id;
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    }
    const natural = defaultReleaseWorkflowId({ releaseId: id });
    // Started by a foreign client under another id: found by its ReleaseId.
    return onNaturalId(this.context.temporal, natural, releaseSearch(id), async (workflowId) => {
      await this.handle(workflowId).describe();
      return workflowId;
    }).catch((error: unknown) => {
      if (error instanceof WorkflowNotFoundError) return natural;
      throw error;
    });
  }

  /**
   * The release's status query, with each running image's phase and progress read live from its
   * rollout (a query and a describe per running rollout: nothing is written to any history).
   */
  async get(id: string): Promise<ReleaseStatus> {
    const handle = await this.handleOf(id);
    const [queried, description] = await Promise.all([handle.query(releaseStatusQuery), handle.describe()]);
    const status = await withClosedExecution(this.context.temporal, queried, description, isFinalReleasePhase);
    if (status.closed) return status;
    const live = status.images.filter((image) => image.phase !== 'pending' && !isFinalPhase(image.phase));
    await Promise.all(
      live.map(async (image) => {
        try {
          const rollout = await this.rollouts.get(image.workflowId);
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

  list(filter: ReleaseFilter = {}): Promise<ReleaseSummary[]> {
    const query = {
      workflowType: 'release',
      phase: filter.phase,
      runningOnly: filter.phase !== undefined && !isFinalReleasePhase(filter.phase),
      limit: filter.limit,
    } as const;
    return listRows(this.context.temporal, query, RELEASE_COLUMNS);
  }

  /** Yields the release's status each time it changes, until it ends. */
  async *watch(id: string, options: WatchOptions = {}): AsyncGenerator<ReleaseStatus> {
    const workflowId = await this.workflowId(id);
    const read = () => this.get(workflowId);
    const ended = (status: ReleaseStatus) => isFinalReleasePhase(status.phase) || isClosed(status);
    yield* watchUntilFinal(read, ended, options.intervalMs ?? 2_000);
  }

  async result(id: string): Promise<ReleaseResult> {
    return (await this.handleOf(id)).result();
  }

  async promote(id: string, options: ActorOptions = {}): Promise<ActionAccepted> {
    return sendOperatorAction(await this.handleOf(id), 'promote', promoteUpdate, { by: options.by });
  }

  /** Starts again the rollouts of the current wave that ended other than completed. */
  async retry(id: string, options: ActorOptions = {}): Promise<ActionAccepted> {
    return sendOperatorAction(await this.handleOf(id), 'retry', retryUpdate, { by: options.by });
  }

  /** Cancels every running rollout of the release (each cleans up as its own cancel does) and ends it cancelled. */
  async cancel(id: string, reason?: string, options: ActorOptions = {}): Promise<ActionAccepted> {
    return sendOperatorAction(await this.handleOf(id), 'cancel', cancelUpdate, { reason, by: options.by });
  }
}

/** Whether the client's namespace has the search attribute; assumed when it cannot be read (a Cloud key may not list). */
async function namespaceHas(temporal: Client, name: string): Promise<boolean> {
  try {
    const missing = await missingSearchAttributes(temporal.connection.operatorService, temporal.options.namespace, [
      name,
    ]);
    return missing.length === 0;
  } catch {
    return true;
  }
}
