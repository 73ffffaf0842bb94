import { hostname } from 'node:os';
import { NativeConnection, Runtime, Worker, makeTelemetryFilterString, type TunerHolder } from '@temporalio/worker';
import type { Logger as PinoLogger } from 'pino';
import { createActivities } from '../activities';
import type { WebhookStyle } from '../activities/webhookFormat';
import { ClanforgeClient } from '../clanforge/client';
import { RolloutMetrics } from '../metrics/registry';
import { ActivityGate } from './activityGate';
import { CredentialWatch } from './credentialWatch';
import { makeVersionCurrent, workerDeploymentOptions } from './deploymentVersion';
import { checkSearchAttributes } from './searchAttributeCheck';
import { PinoTemporalLogger } from './temporalLogger';
import type { WorkerConfig } from './workerConfig';
import { PRELOADED_MODULES, WORKFLOWS_PATH } from './workflowBundle';

let runtimeInstalled = false;

/**
 * Installs the process-wide Temporal Runtime once: SDK logs through pino, and, with a metrics
 * port, the SDK's Prometheus metrics on /metrics.
 */
export function installRuntime(logger: PinoLogger, metricsPort?: number): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: new PinoTemporalLogger(logger),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }), forward: {} },
      // The SDK exporter stays on loopback; the health server on METRICS_PORT passes it through.
      ...(metricsPort ? { metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkMetricsPort(metricsPort)}` } } } : {}),
    },
  });
}

/** The SDK's own exporter listens on the next port up, loopback only. */
export function sdkMetricsPort(metricsPort: number): number {
  return metricsPort + 1;
}

/**
 * Connects and creates the rollout worker; `run()` it, and it drains on SIGINT/SIGTERM.
 * `credentials` watches the Clanforge keys: its start-up check runs alongside (it logs its one
 * line and never throws; nothing waits for it), and while Clanforge rejects them the worker polls
 * for no activity task (workflow tasks and queries go on); `credentials.readiness()` says why.
 */
export async function createRolloutWorker(
  config: WorkerConfig,
  logger: PinoLogger,
  metrics = new RolloutMetrics(),
): Promise<{
  worker: Worker;
  connection: NativeConnection;
  metrics: RolloutMetrics;
  credentials: CredentialWatch;
  identity: string;
}> {
  installRuntime(logger, config.metricsPort);
  const connection = await NativeConnection.connect(config.temporal.connectionOptions);
  metrics.countRunning = async (query) =>
    Number(
      (await connection.workflowService.countWorkflowExecutions({ namespace: config.temporal.namespace, query }))
        .count ?? 0,
    );
  // Before any task runs, so the rollouts' own check (activities/searchAttributes.ts) sees what it added.
  await checkSearchAttributes(
    connection.operatorService,
    config.temporal.namespace,
    logger,
    config.registerSearchAttributes,
  );
  // The SDK's default identity, fixed here so that every Clanforge error can name it.
  const identity = `${process.pid}@${hostname()}`;
  const clanforge = new ClanforgeClient({ ...config.clanforge, identity });
  clanforge.onRequest(metrics.onRequest);
  const gate = new ActivityGate(config.tuning.maxConcurrentActivityTaskExecutions);
  const credentials = new CredentialWatch(clanforge, config.clanforge.credentials, gate, logger);
  const worker = await Worker.create({
    connection,
    identity,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workerDeploymentOptions: workerDeploymentOptions(config.deployment),
    workflowsPath: WORKFLOWS_PATH,
    bundlerOptions: { preloadModules: PRELOADED_MODULES },
    activities: createActivities(clanforge, {
      pollPolicy: config.pollPolicy,
      webhookUrl: config.webhookUrl,
      webhookStyle: webhookStyle(config),
      onNotification: metrics.onNotification,
    }),
    sinks: metrics.sinks(),
    maxCachedWorkflows: config.tuning.maxCachedWorkflows,
    tuner: slotSuppliers(config, gate),
    shutdownGraceTime: '10 seconds',
  });
  logger.info(
    {
      taskQueue: config.temporal.taskQueue,
      namespace: config.temporal.namespace,
      deploymentVersion: `${config.deployment.deploymentName}:${config.deployment.buildId}`,
      address: config.temporal.connectionOptions.address,
      clanforge: config.clanforge.baseUrl,
      accessKey: config.clanforge.credentials.accessKey,
    },
    'rollout worker ready',
  );
  void credentials.start();
  return { worker, connection, metrics, credentials, identity };
}

/** The SDK's fixed-size slots (its defaults for local activities and Nexus), activities through the gate. */
function slotSuppliers(config: WorkerConfig, gate: ActivityGate): TunerHolder {
  return {
    workflowTaskSlotSupplier: { type: 'fixed-size', numSlots: config.tuning.maxConcurrentWorkflowTaskExecutions },
    activityTaskSlotSupplier: gate.slotSupplier(),
    localActivityTaskSlotSupplier: { type: 'fixed-size', numSlots: 100 },
    nexusTaskSlotSupplier: { type: 'fixed-size', numSlots: 100 },
  };
}

/**
 * Runs the worker until SIGINT/SIGTERM has drained it. With WORKER_DEPLOYMENT_SET_CURRENT, once it
 * polls, its version is made the deployment's current one (else an operator does: docs/how-to/upgrade.md).
 */
export async function runRolloutWorker(
  worker: Worker,
  connection: NativeConnection,
  config: WorkerConfig,
  logger: PinoLogger,
): Promise<void> {
  const running = worker.run();
  const stopped = new AbortController();
  if (config.deployment.setCurrent)
    makeVersionCurrent(
      connection.workflowService,
      {
        namespace: config.temporal.namespace,
        deploymentName: config.deployment.deploymentName,
        buildId: config.deployment.buildId,
        identity: worker.options.identity,
        // The version registers when the worker first polls, which may be late (credentials
        // rejected: no polling until fixed): keep trying for as long as the worker runs.
        timeoutMs: Infinity,
        retryEveryMs: 1_000,
        signal: stopped.signal,
      },
      logger,
    ).catch((error: unknown) => logger.error({ error: String(error) }, 'worker deployment version not made current'));
  try {
    await running;
  } finally {
    stopped.abort();
  }
}

/** The webhook's format, and the Web UI its messages link to (in the worker's namespace). */
function webhookStyle(config: WorkerConfig): WebhookStyle {
  return {
    format: config.webhookFormat,
    webUi: config.webUiUrl ? { baseUrl: config.webUiUrl, namespace: config.temporal.namespace } : undefined,
  };
}
