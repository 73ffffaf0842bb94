import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { RolloutMetrics } from '../../src/metrics/registry';

export interface TestWorkerOptions {
  connection: NativeConnection;
  taskQueue: string;
  /** The run's one bundle of the workflow code (see workflowBundle.ts). */
  workflowCodePath: string;
  activities: ReturnType<typeof createActivities>;
  /** 0 makes every workflow task replay the history from the start (a determinism check). */
  maxCachedWorkflows?: number;
}

/** The one place tests create an in-process Worker: every option a test worker runs with. */
export function createTestWorker(options: TestWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    taskQueue: options.taskQueue,
    workflowBundle: { codePath: options.workflowCodePath },
    activities: options.activities,
    maxHeartbeatThrottleInterval: '1 second',
    // The workflow reports phase changes to this sink; without it every change logs an error.
    sinks: new RolloutMetrics().sinks(),
    ...(options.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: options.maxCachedWorkflows }),
  });
}
