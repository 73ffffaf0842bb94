import type { LaterSwitch } from './live';
/** The workflow type of a rollback after completion. */
export const ROLLBACK_WORKFLOW_TYPE = 'rollback';

/**
 * `rollback-<fleetId>-<n>`: n is 1 + the number of earlier rollback workflows of the fleet, so
 * the ids of one fleet's rollbacks count up and say which came first.
 */
export function rollbackWorkflowId(fleetId: string, earlierRollbacks: number): string {
  if (!Number.isSafeInteger(earlierRollbacks) || earlierRollbacks < 0)
    throw new Error(`earlierRollbacks: must be a whole number >= 0, got ${earlierRollbacks}`);
  return `rollback-${fleetId}-${earlierRollbacks + 1}`;
}

/** The text of a refusal: a later cutover of the fleet made another profile live since. */
export function laterCutoverText(rolloutId: string, fleetId: string, later: LaterSwitch): string {
  if (later.type === 'rollback')
    return `rollback ${later.workflowId} switched fleet ${fleetId} back after ${rolloutId} completed: ${rolloutId} is no longer live there`;
  return `rollout ${later.workflowId} cut fleet ${fleetId} over after ${rolloutId} completed: rolling ${rolloutId} back would undo it (roll back ${later.workflowId} instead)`;
}
