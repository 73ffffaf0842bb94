import { Context } from '@temporalio/activity';
import type { LaterSwitch } from '../contract/rollback/live';
import { laterSwitchOf } from '../rollouts/fleetHistory';

/**
 * The rollback workflow's check, through the worker's own Temporal client (the workflow does no
 * I/O): what switched the fleet after the rollout being rolled back (a later cutover, a rollback), if any.
 */
export function laterCutoverActivity() {
  return {
    async laterCutover(args: {
      fleetId: string;
      rolloutId: string;
      closedAt: string;
    }): Promise<LaterSwitch | undefined> {
      return laterSwitchOf(Context.current().client, args);
    },
  };
}
