import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { freezeUpdate, unfreezeUpdate } from '../contract/freeze/messages';
import {
  FREEZE_WORKFLOW_ID,
  FREEZE_WORKFLOW_TYPE,
  freezeRequestSchema,
  notFrozenText,
  type FreezeRequest,
  type FreezeState,
  type UnfreezeRequest,
} from '../contract/freeze/state';
import { problemsOf } from '../contract/inputProblems';
import { operatorName } from '../rollouts/operatorName';
import { readFreezeState } from '../rollouts/freezeState';

/** A freeze or unfreeze that was not taken: already frozen (naming who froze), not frozen, a bad request. */
export class FreezeRefused extends Error {
  constructor(readonly why: string) {
    super(why);
    this.name = 'FreezeRefused';
  }
}

/** How long a freeze waits for a worker to take it before saying none did. */
const TAKEN_WITHIN_MS = 30_000;

/**
 * The emergency freeze (product contract, "Change control"): one `freeze` workflow per namespace,
 * id `clanforge-freeze`, started by the first freeze and kept running. A freeze or unfreeze is an
 * update: it is in force once it returns, and every create asked after that is held.
 */
export class FreezeClient {
  constructor(
    private readonly temporal: Client,
    private readonly taskQueue: string,
  ) {}

  /** The freeze now (no worker needed: the workflow's memo). */
  state(): Promise<FreezeState> {
    return readFreezeState(this.temporal);
  }

  async freeze(request: FreezeRequest): Promise<FreezeState> {
    const parsed = freezeRequestSchema().safeParse(request);
    if (!parsed.success) throw new FreezeRefused(`invalid freeze: ${problemsOf(parsed.error.issues).join('; ')}`);
    const handle = await this.temporal.workflow.start(FREEZE_WORKFLOW_TYPE, {
      workflowId: FREEZE_WORKFLOW_ID,
      taskQueue: this.taskQueue,
      // The one freeze workflow: a second start finds the running one.
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [],
    });
    return this.update(() =>
      handle.executeUpdate(freezeUpdate, { args: [{ ...request, by: request.by ?? operatorName() }] }),
    );
  }

  async unfreeze(request: UnfreezeRequest = {}): Promise<FreezeState> {
    const now = await this.state();
    // Nothing to lift: said without starting a workflow.
    if (!now.frozen) throw new FreezeRefused(notFrozenText(now));
    const handle = this.temporal.workflow.getHandle(FREEZE_WORKFLOW_ID);
    return this.update(() =>
      handle.executeUpdate(unfreezeUpdate, { args: [{ ...request, by: request.by ?? operatorName() }] }),
    );
  }

  /** A refusal becomes FreezeRefused; an update no worker takes in time says so instead of hanging. */
  private async update(send: () => Promise<FreezeState>): Promise<FreezeState> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, fail) => {
      timer = setTimeout(
        () =>
          fail(
            new Error(
              `no worker took the freeze within ${TAKEN_WITHIN_MS / 1000} s: is a clanforge-rollout worker polling task queue ${this.taskQueue}? (it is in force once one does)`,
            ),
          ),
        TAKEN_WITHIN_MS,
      );
    });
    try {
      return await Promise.race([send(), late]);
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) throw new FreezeRefused(error.cause?.message ?? error.message);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
