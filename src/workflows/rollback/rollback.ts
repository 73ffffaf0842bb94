import {
  ApplicationFailure,
  log,
  proxySinks,
  setCurrentDetails,
  setHandler,
  setWorkflowOptions,
} from '@temporalio/workflow';
import type { RolloutMetricsSinks } from '../../contract/metricsSinks';
import {
  ROLLBACK_REFUSED,
  rollbackStatusQuery,
  type RollbackInput,
  type RollbackPhase,
  type RollbackResult,
  type RollbackStatus,
} from '../../contract/rollback/messages';
import { laterCutoverText } from '../../contract/rollback/workflowId';
import { temporalReads } from '../shared/activities';
import { describeFailure } from '../shared/failures';
import { switchFleet, type SwitchWatcher } from '../shared/fleetSwitch';
import { heldWhileFrozen, type FreezeHold } from '../shared/freezeHold';
import { freezeSetText, liftedText } from '../../contract/freeze/state';

const { rolloutMetrics } = proxySinks<RolloutMetricsSinks>();

/**
 * The `rollback` workflow: after a rollout completed its cutover, switches the fleet back to the
 * profile live before it (reservation: the shared switchFleet; allocation: nothing to switch, the
 * old profile is announced live again). Refused at once when a later cutover of the fleet has
 * completed since: undoing this one would undo that one too.
 */
export async function rollback(input: RollbackInput): Promise<RollbackResult> {
  const status: RollbackStatus = {
    phase: 'checking',
    rolloutId: input.rolloutId,
    fleetId: input.fleetId,
    fleetKind: input.fleetKind,
    profileId: input.profileId,
    fromProfileId: input.fromProfileId,
    serversPending: 0,
    serversProcessed: 0,
    trigger: 'operator',
    reason: input.reason ?? 'rollback by operator',
    ...(input.by && { by: input.by }),
    detail: `checking that no later cutover of fleet ${input.fleetId} completed after ${input.rolloutId}`,
    startedAt: new Date().toISOString(),
  };
  setHandler(rollbackStatusQuery, () => status);
  const enter = (phase: RollbackPhase, detail: string) => {
    status.phase = phase;
    status.detail = detail;
    setCurrentDetails(`**${phase}**: ${detail}`);
    log.info('rollback', { phase, detail });
  };

  const later = await temporalReads.laterCutover({
    fleetId: input.fleetId,
    rolloutId: input.rolloutId,
    closedAt: input.rolloutClosedAt,
  });
  if (later !== undefined) {
    const message = laterCutoverText(input.rolloutId, input.fleetId, later);
    enter('refused', message);
    throw ApplicationFailure.create({ type: ROLLBACK_REFUSED, message, nonRetryable: true, details: [{ later }] });
  }

  // A freeze holds a rollback only when it says so (freeze --include-rollbacks).
  await heldWhileFrozen(freezeHoldOf(enter), 'rollback', () => temporalReads.freezeCheck({ create: 'rollback' }));
  const who = `${input.by ? ` by ${input.by}` : ''}: ${status.reason}`;
  enter('switching', `rolling back ${input.rolloutId}: fleet ${input.fleetId} to profile ${input.profileId}${who}`);
  try {
    if (input.fleetKind === 'reservation')
      await switchFleet({ ...input, purpose: 'rollback' }, watcherOf(status, enter));
    else
      status.detail = `profile ${input.profileId} is live again on allocation fleet ${input.fleetId}: allocate with profileid=${input.profileId}`;
  } catch (error) {
    enter('failed', `the switch back failed: ${describeFailure(error)}`);
    throw error;
  }
  rolloutMetrics.rolledBack('operator');
  const every =
    input.fleetKind === 'reservation'
      ? `every server is back on profile ${input.profileId} (${status.serversProcessed} processed)`
      : status.detail;
  enter('completed', `rolled back ${input.rolloutId} (operator${who}); ${every}`);
  return { ...status, finishedAt: new Date().toISOString() };
}

// A rollback finishes on the build that started it, as a rollout does (docs/explanation/versioning.md).
setWorkflowOptions({ versioningBehavior: 'PINNED' }, rollback);

/** The switch's progress into the rollback's status. */
function watcherOf(status: RollbackStatus, enter: (phase: RollbackPhase, detail: string) => void): SwitchWatcher {
  return {
    note: (text) => enter('switching', text),
    ...freezeHoldOf(enter),
    progress: (s) => {
      status.serversPending = s.serversPending;
      status.serversProcessed = s.serversProcessed;
    },
  };
}

/** A freeze with includeRollbacks holds the rollback in `frozen`, saying who froze it; lifted, it switches. */
function freezeHoldOf(enter: (phase: RollbackPhase, detail: string) => void): FreezeHold {
  return {
    held: (_create, state) => enter('frozen', `${freezeSetText(state.freeze!)}: the switch back waits until unfrozen`),
    released: (_create, state) => enter('switching', `${liftedText(state)}: switching back`),
  };
}
