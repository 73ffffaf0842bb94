import { credentialsFromEnv } from './envCredentials';
import { createSimulatorLogger } from './logger';
import { OptionsError, parseCliArgs, USAGE } from './options';
import { startSimulator } from './server';

/** `npm run simulator -- [flags]`: run the simulator until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2));
    options.credentials ??= credentialsFromEnv(process.env);
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    process.stderr.write(`clanforge simulator: ${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const log = createSimulatorLogger(options.logLevel);
  let sim;
  try {
    sim = await startSimulator({ ...options, logger: log });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`clanforge simulator: ${message}\n`);
    process.exit(error instanceof OptionsError ? 2 : 1);
  }
  // Log the settings but never the secrets.
  log.info(
    { url: sim.url, speed: options.speed ?? 1, seed: options.seed ?? 1, stateFile: options.stateFile },
    'listening',
  );
  process.stdout.write(`clanforge simulator listening on ${sim.url}\n`);

  const running = sim;
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `clanforge simulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
