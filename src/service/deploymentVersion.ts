import type { WorkflowService } from '@temporalio/client';
import type { WorkerDeploymentOptions } from '@temporalio/worker';
import type { Logger } from 'pino';

/** The worker's Worker Deployment Version (docs/explanation/versioning.md). */
export interface DeploymentSettings {
  /** WORKER_DEPLOYMENT_NAME: one deployment per installation (all its task queues move together). */
  deploymentName: string;
  /** `<package version>+<commit>` (buildId.ts), or CLANFORGE_BUILD_ID. */
  buildId: string;
  /** WORKER_DEPLOYMENT_SET_CURRENT: make this build current once it polls (dev, tests, compose). */
  setCurrent: boolean;
}

export const DEFAULT_DEPLOYMENT_NAME = 'clanforge-rollout';

/**
 * Versioned polling: the server sends this worker only the tasks of workflows on its version. A
 * workflow that does not declare its behaviour is PINNED: it finishes on the build that started it.
 */
export function workerDeploymentOptions(deployment: DeploymentSettings): WorkerDeploymentOptions {
  return {
    useWorkerVersioning: true,
    version: { deploymentName: deployment.deploymentName, buildId: deployment.buildId },
    defaultVersioningBehavior: 'PINNED',
  };
}

export interface MakeCurrentOptions {
  namespace: string;
  deploymentName: string;
  buildId: string;
  identity?: string;
  /** Give up after this long (the version registers with the server's first poll of it). */
  timeoutMs?: number;
  retryEveryMs?: number;
  /** The worker stopped: give up quietly (a pending retry must not keep the process alive). */
  signal?: AbortSignal;
}

/**
 * Makes the version the deployment's Current Version, so new workflows (and AUTO_UPGRADE ones)
 * go to it. Retries until the server knows the version (it registers when its worker first
 * polls) and across a concurrent change (the describe's conflict token guards the write). Does
 * nothing when it is current already, and stops when `signal` aborts. Throws with the last error
 * past the timeout.
 */
export async function makeVersionCurrent(
  service: WorkflowService,
  options: MakeCurrentOptions,
  logger: Pick<Logger, 'info'>,
): Promise<void> {
  const { namespace, deploymentName, buildId } = options;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const version = `${deploymentName}:${buildId}`;
  for (let attempt = 1; !options.signal?.aborted; attempt++) {
    try {
      const described = await service.describeWorkerDeployment({ namespace, deploymentName });
      const current = described.workerDeploymentInfo?.routingConfig?.currentDeploymentVersion;
      if (current?.buildId === buildId) {
        logger.info({ version }, 'worker deployment version is current');
        return;
      }
      await service.setWorkerDeploymentCurrentVersion({
        namespace,
        deploymentName,
        buildId,
        conflictToken: described.conflictToken,
        identity: options.identity,
      });
      logger.info(
        { version, previous: current?.buildId ? `${deploymentName}:${current.buildId}` : 'unversioned' },
        'made this worker deployment version current (WORKER_DEPLOYMENT_SET_CURRENT)',
      );
      return;
    } catch (error) {
      // Not registered yet (no poll seen), or a conflicting change: look again shortly.
      if (Date.now() >= deadline)
        throw new Error(`could not make ${version} current after ${attempt} attempts: ${String(error)}`, {
          cause: error,
        });
      await pause(options.retryEveryMs ?? 500, options.signal);
    }
  }
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
