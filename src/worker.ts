// `npm run worker`: the rollout worker, configured from the environment (README, Configuration).
import { createLogger } from './logging/logger';
import { startHealthServer } from './service/healthServer';
import { createRolloutWorker, sdkMetricsPort } from './service/runWorker';
import { workerConfigFromEnv } from './service/workerConfig';

async function main(): Promise<void> {
  const logger = createLogger('clanforge-rollout-worker');
  const config = workerConfigFromEnv();
  const { worker, connection, metrics } = await createRolloutWorker(config, logger);
  const health = config.metricsPort
    ? await startHealthServer(
        { port: config.metricsPort, sdkMetricsUrl: `http://127.0.0.1:${sdkMetricsPort(config.metricsPort)}/metrics`, isReady: () => worker.getState() === 'RUNNING', ownMetrics: () => metrics.text() },
        logger,
      )
    : undefined;
  // Worker.run() resolves after SIGINT/SIGTERM, once in-flight tasks have drained.
  await worker.run();
  health?.close();
  await connection.close();
  logger.info('worker stopped');
}

main().catch((error: unknown) => {
  process.stderr.write(`clanforge-rollout worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
