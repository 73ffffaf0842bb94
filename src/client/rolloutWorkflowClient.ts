import { randomUUID } from 'node:crypto';
import { WorkflowIdConflictPolicy, type WorkflowHandle } from '@temporalio/client';
import type { InstallsPage } from '../activities';
import { countdownText } from '../contract/countdown';
import { liveStatus } from '../rollouts/liveStatus';
import { rolloutDetails, rolloutSummary } from '../contract/metadata';
import { runningRolloutInput } from '../rollouts/runningInput';
import { inputDifferences, RolloutConflict } from '../rollouts/startConflict';
import { ClanforgeAccountServiceId, ClanforgeImageId, GameBuild, RolloutPhase } from '../contract/searchAttributes';
import {
  defaultWorkflowId,
  parseRolloutInput,
  type RolloutInput,
  type RolloutOptions,
} from '../contract/rollout/input';
import type { installsPage } from '../workflows/rollout/installsPage';
import {
  approveUpdate,
  cancelUpdate,
  proceedNowUpdate,
  rejectUpdate,
  retryUpdate,
  statusQuery,
  unlockUpdate,
  rollbackUpdate,
  type ActionAccepted,
} from '../contract/rollout/messages';
import type { rollout } from '../workflows/rollout/rollout';
import { isFinalPhase, type RolloutResult, type RolloutStatus } from '../contract/rollout/status';
import { webUiLine, type ClientContext } from './connection';
import { listRows, keyword } from './listRows';
import { sendOperatorAction } from './operatorAction';
import { runningRunId } from './runningRun';
import { isClosed, withClosedExecution } from './closedExecution';
import { onNaturalId, rolloutSearch } from './naturalId';
import { watchUntilFinal } from './watch';
import { rollbackAfterCompletion } from './rollbackAfterCompletion';
import type {
  ActorOptions,
  InstallsPageRequest,
  ListFilter,
  RollbackAccepted,
  RolloutSummary,
  StartOptions,
  StartedRollout,
  WatchOptions,
} from './types';

const ROLLOUT_COLUMNS = [
  'workflowId',
  'runId',
  'status',
  'phase',
  'accountServiceId',
  'imageId',
  'gameBuild',
  'startTime',
  'closeTime',
] as const;

/**
 * The `rollout` workflows of one namespace: start, read, list, follow, and the operator actions.
 * Actions go as Temporal updates, so a refused one (retry while nothing failed) is an error here.
 */
export class RolloutWorkflowClient {
  constructor(readonly context: ClientContext) {}

  /** The rollout's handle, typed by the workflow function: its result is a RolloutResult. */
  handle(workflowId: string): WorkflowHandle<typeof rollout> {
    return this.context.temporal.workflow.getHandle<typeof rollout>(workflowId);
  }

  /**
   * Starts a rollout (input validated here first, so a bad one is refused before anything is
   * created). A rollout already running under the same id is returned instead of a second one
   * when it runs with the same input (compared parsed); with a different one, RolloutConflict.
   */
  async start(input: RolloutInput, options: StartOptions = {}): Promise<StartedRollout> {
    const { temporal, taskQueue } = this.context;
    const valid = parseRolloutInput(input, Date.now());
    const workflowId = options.workflowId ?? defaultWorkflowId(valid);
    const running = await runningRunId(temporal, workflowId);
    if (running) return this.attach(workflowId, running, valid);
    // USE_EXISTING also covers a start racing ours: it attaches instead of failing.
    const handle = await temporal.workflow.start<typeof rollout>('rollout', {
      taskQueue,
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
      staticDetails: rolloutDetails(valid) + webUiLine(this.context, workflowId),
    });
    return { workflowId, runId: handle.firstExecutionRunId, started: true };
  }

  /** The running rollout, when it runs with this input (compared parsed); RolloutConflict otherwise. */
  private async attach(workflowId: string, runId: string, valid: RolloutOptions): Promise<StartedRollout> {
    const differences = inputDifferences(await runningRolloutInput(this.context.temporal, workflowId, runId), valid);
    if (differences.length > 0) throw new RolloutConflict(workflowId, runId, differences);
    return { workflowId, runId, started: false };
  }

  /**
   * Runs `act` on the rollout `workflowId` names: that execution, or (when none has the id) the
   * one a foreign client started under another id for the same ASID and image.
   */
  private found<T>(workflowId: string, act: (handle: WorkflowHandle<typeof rollout>) => Promise<T>): Promise<T> {
    return onNaturalId(this.context.temporal, workflowId, rolloutSearch(workflowId), (id) => act(this.handle(id)));
  }

  /**
   * The status query, with the live progress of the job being followed (from its heartbeat), and
   * `closed` when Temporal closed the rollout before it ended itself.
   */
  get(workflowId: string): Promise<RolloutStatus> {
    return this.found(workflowId, async (handle) => {
      const [status, description] = await Promise.all([handle.query(statusQuery), handle.describe()]);
      const live = await withClosedExecution(
        this.context.temporal,
        liveStatus(status, description),
        description,
        isFinalPhase,
      );
      // While scheduled: how long until the version (or the cutover), as of now (the workflow's clock stands still while it waits).
      if (live.phase !== 'scheduled' || live.closed) return live;
      if (live.window)
        return { ...live, countdown: countdownText(live.window.opensAt, Date.now(), live.window.waitsFor) };
      return live.installAt ? { ...live, countdown: countdownText(live.installAt) } : live;
    });
  }

  list(filter: ListFilter = {}): Promise<RolloutSummary[]> {
    const clauses: string[] = [];
    if (filter.accountServiceId !== undefined)
      clauses.push(`ClanforgeAccountServiceId = ${Math.trunc(filter.accountServiceId)}`);
    if (filter.imageId !== undefined) clauses.push(`ClanforgeImageId = ${Math.trunc(filter.imageId)}`);
    if (filter.gameBuild) clauses.push(`GameBuild = ${keyword(filter.gameBuild)}`);
    const query = {
      workflowType: 'rollout',
      phase: filter.phase,
      runningOnly: filter.phase !== undefined && !isFinalPhase(filter.phase),
      clauses,
      limit: filter.limit,
    } as const;
    return listRows(this.context.temporal, query, ROLLOUT_COLUMNS);
  }

  /**
   * One page of the rollout's per-machine install jobs, read from Clanforge by a worker (which
   * alone holds the credentials) in a workflow of its own, `installsPage`: the rollout's history
   * never carries the list. Clanforge lists incomplete jobs only (open and failed).
   */
  async listInstalls(workflowId: string, page: InstallsPageRequest = {}): Promise<InstallsPage> {
    const status = await this.found(workflowId, (handle) => handle.query(statusQuery));
    if (status.imageVersionId === undefined)
      throw new Error(`${workflowId} has no image version yet: it has no installs to list`);
    return this.context.temporal.workflow.execute<typeof installsPage>('installsPage', {
      taskQueue: this.context.taskQueue,
      workflowId: `installs-${workflowId}-${randomUUID()}`,
      args: [{ accountServiceId: status.accountServiceId, imageVersionId: status.imageVersionId, ...page }],
    });
  }

  /** Yields the status each time it changes, until the rollout ends. */
  watch(workflowId: string, options: WatchOptions = {}): AsyncGenerator<RolloutStatus> {
    return watchUntilFinal(
      () => this.get(workflowId),
      (status) => isFinalPhase(status.phase) || isClosed(status),
      options.intervalMs ?? 1_000,
    );
  }

  result(workflowId: string): Promise<RolloutResult> {
    return this.found(workflowId, (handle) => handle.result());
  }

  cancel(workflowId: string, reason?: string, options: ActorOptions = {}): Promise<ActionAccepted> {
    return this.found(workflowId, (handle) =>
      sendOperatorAction(handle, 'cancel', cancelUpdate, { reason, by: options.by }),
    );
  }

  /** With `force`, only for a version create refused over active allocations: it is made with force=1. */
  retry(workflowId: string, options: { force?: boolean } & ActorOptions = {}): Promise<ActionAccepted> {
    const args = { ...(options.force ? { force: true } : {}), by: options.by };
    return this.found(workflowId, (handle) => sendOperatorAction(handle, 'retry', retryUpdate, args));
  }

  approve(workflowId: string, options: ActorOptions = {}): Promise<ActionAccepted> {
    return this.found(workflowId, (handle) => sendOperatorAction(handle, 'approve', approveUpdate, { by: options.by }));
  }

  reject(workflowId: string, reason?: string, options: ActorOptions = {}): Promise<ActionAccepted> {
    return this.found(workflowId, (handle) =>
      sendOperatorAction(handle, 'reject', rejectUpdate, { reason, by: options.by }),
    );
  }

  /** Stops waiting for `installAt` and goes on now. */
  proceed(workflowId: string, options: ActorOptions = {}): Promise<ActionAccepted> {
    return this.found(workflowId, (handle) =>
      sendOperatorAction(handle, 'proceedNow', proceedNowUpdate, { by: options.by }),
    );
  }

  /**
   * Rejects the diff that locks the image, when the rollout waits on a diff it did not make and no
   * running rollout made (refused otherwise); with `reinstall`, restores that diff's machine.
   */
  unlock(workflowId: string, options: { reinstall?: boolean } & ActorOptions = {}): Promise<ActionAccepted> {
    const args = { ...(options.reinstall ? { reinstall: true } : {}), by: options.by };
    return this.found(workflowId, (handle) => sendOperatorAction(handle, 'unlock', unlockUpdate, args));
  }

  /**
   * Switches the fleet back to the profile live before the rollout's cutover: a running rollout
   * (cutting-over, baking, or paused there) takes the `rollback` update; one that completed its
   * cutover gets a `rollback` workflow (rollbackWorkflowId in the answer). See rollbackAfterCompletion.
   */
  rollback(workflowId: string, reason?: string, options: ActorOptions = {}): Promise<RollbackAccepted> {
    return this.found(workflowId, async (handle) => {
      const description = await handle.describe();
      if (description.status.name !== 'RUNNING')
        return rollbackAfterCompletion(this.context, description, { reason, by: options.by });
      return sendOperatorAction(handle, 'rollback', rollbackUpdate, { ...(reason ? { reason } : {}), by: options.by });
    });
  }
}
