// `npm run dev`: the whole stack on embedded defaults — a Temporal dev server (UI on :8233, state in
// .dev/temporal.db), the Clanforge simulator on :8780, and a rollout worker. Ctrl-C stops all three.
import { mkdirSync } from 'node:fs';
import { createLogger } from '../logging/logger';
import { envDefault } from '../service/environment';
import { createRolloutWorker, runRolloutWorker } from '../service/runWorker';
import { workerConfigFromEnv } from '../service/workerConfig';
import { startSimulator } from '../simulator/server';
import { DEV_FLEETS } from './fleets';
import { startLocalTemporal } from './temporalServer';
import { ensureSearchAttributes } from '../temporal/ensureSearchAttributes';

const DEV = {
  temporalPort: Number(process.env.DEV_TEMPORAL_PORT?.trim() || envDefault('DEV_TEMPORAL_PORT')),
  uiPort: Number(process.env.DEV_UI_PORT?.trim() || envDefault('DEV_UI_PORT')),
  simulatorPort: Number(process.env.DEV_SIMULATOR_PORT?.trim() || envDefault('DEV_SIMULATOR_PORT')),
  // Jobs take 1/60 of their real durations: a 15-minute version takes 15 s.
  speed: Number(process.env.DEV_SPEED?.trim() || envDefault('DEV_SPEED')),
  access: 'dev-access',
  secret: 'dev-secret',
};

async function main(): Promise<void> {
  const log = createLogger('clanforge-rollout-dev');
  mkdirSync('.dev', { recursive: true });
  const temporal = await startLocalTemporal(
    { port: DEV.temporalPort, uiPort: DEV.uiPort, dbFilename: '.dev/temporal.db', logFile: '.dev/temporal.log' },
    log,
  );
  // A database from an earlier version may lack a search attribute added since (ReleaseId).
  const added = await ensureSearchAttributes(temporal.address);
  if (added.length > 0) log.info({ added }, 'registered search attributes missing from .dev/temporal.db');
  const simulator = await startSimulator({
    port: DEV.simulatorPort,
    credentials: [`${DEV.access}:${DEV.secret}`],
    speed: DEV.speed,
    stateFile: '.dev/simulator.json',
    fleets: DEV_FLEETS,
    logLevel: 'warn',
  });
  // The dev worker talks to the simulator with the simulator's credentials, polling at its speed.
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: temporal.address,
    CLANFORGE_BASE_URL: simulator.url,
    CLANFORGE_ACCESS_KEY: DEV.access,
    CLANFORGE_SECRET_KEY: DEV.secret,
    CLANFORGE_POLL_SCALE: String(DEV.speed),
    LOG_LEVEL: process.env.LOG_LEVEL?.trim() || 'warn',
    // The dev worker is the only build: it makes itself the current version (docs/explanation/versioning.md).
    WORKER_DEPLOYMENT_SET_CURRENT: 'true',
  };
  const workerLog = createLogger('clanforge-rollout-worker', { level: env.LOG_LEVEL });
  const workerConfig = workerConfigFromEnv(env);
  const { worker, connection } = await createRolloutWorker(workerConfig, workerLog);

  const address = temporal.address === '127.0.0.1:7233' ? '' : `TEMPORAL_ADDRESS=${temporal.address} `;
  process.stdout.write(
    [
      '',
      `  Temporal Web UI      ${temporal.uiUrl}`,
      `  Temporal frontend    ${temporal.address}`,
      `  Clanforge simulator  ${simulator.url}  (speed ×${DEV.speed}, credentials ${DEV.access}:…)`,
      `  Worker               task queue ${workerConfig.temporal.taskQueue}, version ${workerConfig.deployment.deploymentName}:${workerConfig.deployment.buildId}`,
      '',
      '  Start a rollout:',
      `    ${address}npx clanforge-rollout start --asid 1001 --image 42 --machine 7 --game-build 1.0.0`,
      `    ${address}npx clanforge-rollout watch rollout-1001-42`,
      '',
      '  Go live on fleet f-dev (docs/tutorial/go-live.md):',
      `    ${address}npx clanforge-rollout start --asid 1001 --image 45 --machine 7 --fleet f-dev --profile 502 --max-machines 3 --bake-minutes 2`,
      '',
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );

  // Returns once SIGINT/SIGTERM has drained the worker; then the rest goes down in order.
  await runRolloutWorker(worker, connection, workerConfig, workerLog);
  await connection.close();
  await simulator.close();
  await temporal.stop();
  process.stdout.write('stopped: worker, simulator, Temporal dev server\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`npm run dev: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
