import { Context } from '@temporalio/activity';
import { laterCutoverOf } from '../rollouts/fleetHistory';

/**
 * The rollback workflow's check, through the worker's own Temporal client (the workflow does no
 * I/O): which rollout of the fleet completed a cutover after the one being rolled back, if any.
 */
export function laterCutoverActivity() {
  return {
    async laterCutover(args: { fleetId: string; rolloutId: string; closedAt: string }): Promise<string | undefined> {
      return laterCutoverOf(Context.current().client, args);
    },
  };
}
