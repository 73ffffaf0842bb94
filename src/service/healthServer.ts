import http from 'node:http';
import type { Logger } from 'pino';

export interface HealthServerOptions {
  port: number;
  /** Where the SDK's own Prometheus exporter listens (loopback only); its text is passed through. */
  sdkMetricsUrl: string;
  isReady: () => boolean;
  /** The rollout's own metrics, appended after the SDK's. */
  ownMetrics: () => Promise<string>;
}

/**
 * The worker's HTTP side on METRICS_PORT: `/metrics` (the SDK's Prometheus metrics, passed
 * through from the Runtime's exporter, then the rollout's own) and `/ready` (200 once the worker is polling), which the
 * container healthcheck calls.
 */
export function startHealthServer(options: HealthServerOptions, log: Logger): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/ready' || path === '/healthz') {
      const ready = options.isReady();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ready }));
      return;
    }
    if (path === '/metrics') {
      Promise.all([fetch(options.sdkMetricsUrl).then((sdk) => sdk.text()), options.ownMetrics()])
        .then(([sdk, own]) => {
          res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
          res.end(`${sdk}\n${own}`);
        })
        .catch((error: unknown) => {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`sdk metrics unavailable: ${String(error)}\n`);
        });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('try /metrics or /ready\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '0.0.0.0', () => {
      log.info({ port: options.port }, 'metrics and readiness served');
      resolve(server);
    });
  });
}
