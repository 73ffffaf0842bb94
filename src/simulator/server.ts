import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin';
import { handleApi } from './api';
import { envelope } from './envelope';
import { isLoopback, sendJson } from './http-util';
import { createSimulatorLogger } from './logger';
import { resolveOptions, type SimulatorOptions } from './options';
import { Sim } from './sim';
import type { Store } from './store';

export type { SimulatorOptions } from './options';

export interface RunningSimulator {
  /** API base, e.g. `http://127.0.0.1:8780/cfp/v1`. */
  url: string;
  /** `http://127.0.0.1:8780` (admin endpoints live under `${origin}/_sim/`). */
  origin: string;
  port: number;
  /** Live data, for tests that need to look inside or break things. */
  store: Store;
  close(): Promise<void>;
}

/** Longest request target we look at; Node itself refuses headers over 16 KiB. */
const MAX_TARGET = 16 * 1024;

async function route(sim: Sim, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = req.url ?? '/';
  if (target.length > MAX_TARGET) return sendJson(res, 414, envelope('request target too long'));
  if (!target.startsWith('/')) return sendJson(res, 400, envelope('malformed request target'));
  const q = target.indexOf('?');
  let path = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? '' : (target.slice(q + 1).split('#')[0] ?? '');
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);

  if (path === '/_sim' || path.startsWith('/_sim/')) {
    if (!isLoopback(req.socket.remoteAddress))
      return sendJson(res, 403, { error: 'admin endpoints answer loopback clients only' });
    return handleAdmin(sim, req, res, path.slice('/_sim'.length), query);
  }
  if (path.startsWith('/cfp/')) return handleApi(sim, req, res, path.slice('/cfp'.length), query);
  return sendJson(res, 404, envelope(`unknown endpoint: ${path.slice(0, 200)}`));
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the simulator; resolves once it is listening. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const opts = resolveOptions(options);
  const log = options.logger ?? createSimulatorLogger(options.logLevel);
  const sim = new Sim(opts, log);

  const server = http.createServer((req, res) => {
    route(sim, req, res).catch((error: unknown) => {
      // Last line of defence: answer 500 and keep serving.
      log.error({ err: error }, 'unhandled error while serving a request');
      sendJson(res, 500, envelope('internal server error'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${opts.port} on ${opts.host} is already in use`) : error);
    });
    server.listen(opts.port, opts.host, () => resolve());
  });
  server.on('error', (error) => log.error({ err: error }, 'server error'));

  const port = (server.address() as AddressInfo).port;
  const origin = `http://${urlHost(opts.host)}:${port}`;
  let closed: Promise<void> | undefined;
  return {
    url: `${origin}/cfp/v1`,
    origin,
    port,
    store: sim.store,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        sim.persist();
        sim.hangs.releaseAll();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
