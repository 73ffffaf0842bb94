// `npm run worker`: the rollout worker, configured from the environment (docs/reference/environment.md).
import { createLogger } from './logging/logger';
import { createRolloutWorker, runRolloutWorker, sdkMetricsPort } from './service/runWorker';
import { serveWorkerHealth } from './service/workerHealth';
import { workerConfigFromEnv } from './service/workerConfig';

async function main(): Promise<void> {
  const logger = createLogger('clanforge-rollout-worker');
  const config = workerConfigFromEnv();
  const { worker, connection, metrics, credentials } = await createRolloutWorker(config, logger);
  const port = config.metricsPort;
  const health = port
    ? await serveWorkerHealth(
        {
          port,
          sdkMetricsUrl: `http://127.0.0.1:${sdkMetricsPort(port)}/metrics`,
          worker,
          credentials,
          connection,
          metrics,
        },
        logger,
      )
    : undefined;
  // Resolves after SIGINT/SIGTERM, once in-flight tasks have drained.
  await runRolloutWorker(worker, connection, config, logger);
  credentials.stop();
  health?.close();
  await connection.close();
  logger.info('worker stopped');
}

main().catch((error: unknown) => {
  process.stderr.write(`clanforge-rollout worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
