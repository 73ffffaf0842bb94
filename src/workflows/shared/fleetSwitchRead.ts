import { proxyActivities, setWorkflowOptions } from '@temporalio/workflow';
import type { FleetSwitchStatus, RolloutActivities } from '../../activities';

const { fleetSwitchStatus } = proxyActivities<RolloutActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 seconds', maximumAttempts: 3 },
});

/**
 * Workflow `fleetSwitchRead`: a fleet's switch status read from Clanforge by the worker (which
 * alone holds the credentials), for `live --fleet`: what Clanforge says is live, beside what
 * Temporal's workflows made live.
 */
export async function fleetSwitchRead(input: { fleetId: string }): Promise<FleetSwitchStatus> {
  return fleetSwitchStatus(input);
}

// One activity long: it ends on the build that started it.
setWorkflowOptions({ versioningBehavior: 'PINNED' }, fleetSwitchRead);
