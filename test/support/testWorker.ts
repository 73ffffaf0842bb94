import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { RolloutMetrics } from '../../src/metrics/registry';
import { resolveBuildId } from '../../src/service/buildId';
import { makeVersionCurrent, workerDeploymentOptions } from '../../src/service/deploymentVersion';

export interface TestWorkerOptions {
  connection: NativeConnection;
  taskQueue: string;
  /** The run's one bundle of the workflow code (see workflowBundle.ts). */
  workflowCodePath: string;
  activities: ReturnType<typeof createActivities>;
  /** 0 makes every workflow task replay the history from the start (a determinism check). */
  maxCachedWorkflows?: number;
}

/**
 * The one place tests create an in-process Worker: every option a test worker runs with. It is
 * versioned as the service's worker is, in a Worker Deployment of its own named after its queue,
 * so parallel tests never move each other's current version.
 */
export function createTestWorker(options: TestWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    taskQueue: options.taskQueue,
    workerDeploymentOptions: workerDeploymentOptions(testDeployment(options.taskQueue)),
    workflowBundle: { codePath: options.workflowCodePath },
    activities: options.activities,
    // The workflow reports phase changes to this sink; without it every change logs an error.
    sinks: new RolloutMetrics().sinks(),
    ...(options.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: options.maxCachedWorkflows }),
  });
}

/** Once the test worker runs (polls), makes its version current, so the server dispatches to it. */
export function makeTestWorkerCurrent(connection: NativeConnection, taskQueue: string): Promise<void> {
  return makeVersionCurrent(
    connection.workflowService,
    { namespace: 'default', ...testDeployment(taskQueue) },
    { info: () => {} },
  );
}

function testDeployment(taskQueue: string) {
  return { deploymentName: taskQueue, buildId: resolveBuildId(), setCurrent: true };
}
