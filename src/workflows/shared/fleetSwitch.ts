import { ApplicationFailure } from '@temporalio/workflow';
import type { FleetSwitchStatus } from '../../activities';
import { createOnce } from './createOnce';
import { followers, reads, writes } from './activities';
import type { FreezeHold } from './freezeHold';

export interface SwitchTarget {
  fleetId: string;
  profileId: number;
  timeout: string;
  maxMachines?: number;
  /** Going live, or back to the profile live before (which a freeze holds only with includeRollbacks). */
  purpose: 'cutover' | 'rollback';
}

/** Where a switch's progress goes: the rollout's status, or the rollback workflow's. */
export interface SwitchWatcher extends FreezeHold {
  note(text: string): void;
  progress(status: FleetSwitchStatus): void;
}

/**
 * Switches a reservation fleet to a profile and follows it to `complete`: shared by the rollout
 * (going live, rolling back) and the `rollback` workflow. One PATCH per intended switch: a switch
 * to the target already running (a resumed step) is followed, not sent again, and a lost answer
 * is resolved from the switch status (createOnce). A switch to another profile that replaces ours
 * (someone else's PATCH) fails the step, naming it, for an operator.
 */
export async function switchFleet(target: SwitchTarget, watcher: SwitchWatcher): Promise<FleetSwitchStatus> {
  const { fleetId, profileId } = target;
  const current = await reads.fleetSwitchStatus({ fleetId });
  const ours = current.profileId === profileId && current.state !== 'not requested';
  let startedAtMs = Date.now();
  if (ours && current.state === 'complete') {
    watcher.progress(current);
    return current;
  }
  if (!ours) {
    const sent = await createOnce<FleetSwitchStatus>({
      what: `profile switch of fleet ${fleetId}`,
      call: () =>
        writes.startFleetSwitch({
          fleetId,
          profileId,
          timeout: target.timeout,
          ...(target.maxMachines !== undefined && { maxMachines: target.maxMachines }),
          purpose: target.purpose,
        }),
      freeze: { hold: watcher, create: target.purpose },
      reconcile: async () => {
        const seen = await reads.fleetSwitchStatus({ fleetId });
        return seen.profileId === profileId && seen.state !== 'not requested' ? seen : undefined;
      },
    });
    startedAtMs = Date.now();
    watcher.note(
      `switch of fleet ${fleetId} to profile ${profileId} sent (Timeout ${target.timeout}${target.maxMachines ? `, MaxMachines ${target.maxMachines}` : ''}): ${sent.serversPending} servers to restart`,
    );
    watcher.progress(sent);
  } else watcher.note(`switch of fleet ${fleetId} to profile ${profileId} already ${current.state}: following it`);
  const followed = await followers.followFleetSwitch({ fleetId, profileId, startedAtMs });
  watcher.progress(followed.switch);
  if (followed.switch.profileId !== profileId || followed.switch.state !== 'complete') {
    throw ApplicationFailure.create({
      type: 'SwitchReplaced',
      nonRetryable: true,
      message: `the switch of fleet ${fleetId} to profile ${profileId} was replaced by a switch to profile ${followed.switch.profileId} (${followed.switch.state}), not sent by this workflow`,
    });
  }
  watcher.note(
    `fleet ${fleetId} is on profile ${profileId}: ${followed.switch.serversProcessed} servers processed in ${followed.polls} looks`,
  );
  return followed.switch;
}
