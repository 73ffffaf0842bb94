// `npm run worker`: the rollout worker, configured from the environment (README, Configuration).
import { createLogger } from './logging/logger';
import { createRolloutWorker } from './service/runWorker';
import { workerConfigFromEnv } from './service/workerConfig';

async function main(): Promise<void> {
  const logger = createLogger('clanforge-rollout-worker');
  const config = workerConfigFromEnv();
  const { worker, connection } = await createRolloutWorker(config, logger);
  // Worker.run() resolves after SIGINT/SIGTERM, once in-flight tasks have drained.
  await worker.run();
  await connection.close();
  logger.info('worker stopped');
}

main().catch((error: unknown) => {
  process.stderr.write(`clanforge-rollout worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
