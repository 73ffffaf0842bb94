import { proxyActivities, setWorkflowOptions } from '@temporalio/workflow';
import type { InstallsPage, InstallsPageInput, RolloutActivities } from '../../activities';

const { listInstallJobs } = proxyActivities<RolloutActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 5 },
});

/**
 * Workflow `installsPage`: one page of a version's per-machine install jobs, read from Clanforge
 * by the worker (which alone holds the credentials). It is a workflow of its own, so reading a
 * 10,000-machine fleet page by page never adds to the rollout's history.
 */
export async function installsPage(input: InstallsPageInput): Promise<InstallsPage> {
  return listInstallJobs(input);
}

// One activity long: it ends on the build that started it.
setWorkflowOptions({ versioningBehavior: 'PINNED' }, installsPage);
