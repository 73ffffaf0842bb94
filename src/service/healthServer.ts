import http from 'node:http';
import type { Logger } from 'pino';

/** One health answer: the status code follows `ok` (200 or 503), the body says why. */
export interface HealthCheck {
  ok: boolean;
  body: Record<string, unknown>;
}

export interface HealthServerOptions {
  port: number;
  /** Where the SDK's own Prometheus exporter listens (loopback only); its text is passed through. */
  sdkMetricsUrl: string;
  /** `/ready`: can this worker do work right now? */
  readiness: () => HealthCheck;
  /** `/live`: false only when restarting the process would help. */
  liveness: () => HealthCheck;
  /** The rollout's own metrics, appended after the SDK's. */
  ownMetrics: () => Promise<string>;
}

/**
 * The worker's HTTP side on METRICS_PORT (docs/reference/health-endpoints.md):
 * - `/ready`: 200 while the worker is polling and the Temporal frontend answers, else 503 with
 *   the reason. The container HEALTHCHECK calls it; it is what a readinessProbe should use.
 * - `/live`: 200 unless the worker has failed or stopped; what a livenessProbe should use.
 * - `/healthz`: an alias of `/live`, not `/ready` (as it once was): whatever points at it, a
 *   livenessProbe by convention, must not start restarting workers because Temporal is down.
 * - `/metrics`: the SDK's Prometheus metrics, passed through from the Runtime's exporter, then
 *   the rollout's own.
 */
export function startHealthServer(options: HealthServerOptions, log: Logger): Promise<http.Server> {
  const checks: Record<string, () => HealthCheck> = {
    '/ready': options.readiness,
    '/live': options.liveness,
    '/healthz': options.liveness,
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const check = checks[path];
    if (check) {
      const { ok, body } = check();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
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
    res.end('try /ready, /live or /metrics\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '0.0.0.0', () => {
      log.info({ port: options.port }, 'health and metrics served');
      resolve(server);
    });
  });
}
