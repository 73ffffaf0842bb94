import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  setCurrentDetails,
  setHandler,
  setWorkflowOptions,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import { freezeStateQuery, freezeUpdate, unfreezeUpdate } from '../../contract/freeze/messages';
import {
  FREEZE_MEMO_KEY,
  FREEZE_REFUSED,
  freezeRequestSchema,
  freezeSetText,
  frozenText,
  NOT_FROZEN,
  notFrozenText,
  unfreezeRequestSchema,
  unfrozenText,
  type FreezeState,
} from '../../contract/freeze/state';
import { problemsOf } from '../../contract/inputProblems';
import type { FreezeEvent, QueuedEvent } from '../../contract/webhookEvents';
import { NotificationOutbox } from '../shared/notificationOutbox';

/** Changes a run takes before it continues as new, so its history stays a few hundred events. */
const CHANGES_PER_RUN = 100;

/**
 * The `freeze` workflow, one per namespace (id `clanforge-freeze`): holds the emergency freeze.
 * It only keeps state: its memo is what the activities read before each create (describe needs
 * no worker), and held workflows wait for its revision to move. Nothing is signalled to them.
 */
export async function freeze(carried?: { state: FreezeState; pending?: QueuedEvent[] }): Promise<void> {
  let state: FreezeState = carried?.state ?? NOT_FROZEN;
  const outbox = new NotificationOutbox(carried?.pending);
  let changes = 0;
  const publish = () => {
    upsertMemo({ [FREEZE_MEMO_KEY]: state });
    setCurrentDetails(
      state.frozen && state.freeze
        ? `**${freezeSetText(state.freeze)}** since ${state.freeze.at}`
        : `**not frozen**${state.lifted ? `: last ${unfrozenText(state.lifted)}` : ''}`,
    );
  };
  publish();
  setHandler(freezeStateQuery, () => state);

  setHandler(
    freezeUpdate,
    (request) => {
      const parsed = freezeRequestSchema().parse(request);
      const record = {
        by: parsed.by ?? null,
        at: new Date().toISOString(),
        reason: parsed.reason,
        includeRollbacks: parsed.includeRollbacks,
      };
      state = {
        frozen: true,
        revision: state.revision + 1,
        freeze: record,
        ...(state.lifted && { lifted: state.lifted }),
      };
      changes++;
      publish();
      const text = freezeSetText(record);
      log.warn('freeze set', { by: record.by, reason: record.reason, includeRollbacks: record.includeRollbacks });
      outbox.post(eventOf('frozen', text, record));
      return state;
    },
    {
      validator: (request) => {
        const parsed = freezeRequestSchema().safeParse(request);
        if (!parsed.success) refuse(`invalid freeze: ${problemsOf(parsed.error.issues).join('; ')}`);
        if (state.frozen && state.freeze) refuse(`already ${frozenText(state.freeze)}`);
      },
    },
  );

  setHandler(
    unfreezeUpdate,
    (request) => {
      const parsed = unfreezeRequestSchema().parse(request ?? {});
      const lifted = { by: parsed.by ?? null, at: new Date().toISOString(), freeze: state.freeze! };
      state = { frozen: false, revision: state.revision + 1, lifted };
      changes++;
      publish();
      log.warn('freeze lifted', { by: lifted.by });
      outbox.post({ ...eventOf('unfrozen', unfrozenText(lifted), lifted.freeze), liftedBy: lifted.by });
      return state;
    },
    {
      validator: (request) => {
        const parsed = unfreezeRequestSchema().safeParse(request ?? {});
        if (!parsed.success) refuse(`invalid unfreeze: ${problemsOf(parsed.error.issues).join('; ')}`);
        if (!state.frozen) refuse(notFrozenText(state));
      },
    },
  );

  // Idle between changes; a long-lived singleton keeps its history short by continuing as new.
  await condition(() => changes >= CHANGES_PER_RUN || workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  const pending = await outbox.stop();
  await continueAsNew<typeof freeze>({ state, pending });
}

/**
 * A singleton that lives as long as the installation: on a new build it moves to that build
 * (its tasks would otherwise wait for a retired one), so a change to the commands it issues needs
 * a patch (docs/explanation/versioning.md).
 */
setWorkflowOptions({ versioningBehavior: 'AUTO_UPGRADE' }, freeze);

function refuse(message: string): never {
  throw ApplicationFailure.create({ type: FREEZE_REFUSED, message, nonRetryable: true });
}

function eventOf(event: FreezeEvent['event'], text: string, record: FreezeEvent['freeze']): FreezeEvent {
  return {
    kind: 'freeze',
    workflowId: workflowInfo().workflowId,
    event,
    text,
    at: new Date().toISOString(),
    freeze: record,
    final: false,
  };
}
