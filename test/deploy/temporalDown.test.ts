import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RolloutMetrics } from '../../src/metrics/registry';
import { serveWorkerHealth } from '../../src/service/workerHealth';
import { DevServer } from '../../src/temporal/devServer';
import { freePort } from '../../src/temporal/freePort';
import { getJson, pollHttp, type HttpAnswer } from '../support/pollHttp';
import { quietTemporalRuntime } from '../support/quietRuntime';
import { startWorkerProcess, type WorkerProcess } from '../../src/dev/workerProcess';

// A Temporal server of our own (on a database file, so restart keeps its state) that the tests
// stop and start again; the shared one from the global setup must stay up for other files.
let server: DevServer;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'temporal-down-'));
  server = await DevServer.start({ executable: inject('temporalCli'), dbFilename: join(dir, 'temporal.db') });
});
afterAll(() => server?.stop());

/** A free METRICS_PORT whose next port (the SDK's own exporter) is free too. */
async function metricsPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    const next = createServer();
    const free = await new Promise<boolean>((done) =>
      next.once('error', () => done(false)).listen(port + 1, '127.0.0.1', () => next.close(() => done(true))),
    );
    if (free) return port;
  }
}

const get = (port: number, path: string) => getJson(`http://127.0.0.1:${port}${path}`);
const until = (port: number, path: string, done: (a: HttpAnswer) => boolean, timeoutMs: number) =>
  pollHttp(`http://127.0.0.1:${port}${path}`, done, timeoutMs);

describe('readiness while the Temporal server is down', () => {
  let worker: WorkerProcess | undefined;
  afterAll(() => worker?.stop());

  it(
    'the probe on a real NativeConnection: not ready within a few probe intervals of a stop, ready again after the restart; clanforge_worker_ready follows',
    { timeout: 90_000 },
    async () => {
      quietTemporalRuntime();
      const connection = await NativeConnection.connect({ address: server.address });
      const port = await freePort();
      const probe = { intervalMs: 200, timeoutMs: 300 };
      const metrics = new RolloutMetrics();
      const readyGauge = async () => /^clanforge_worker_ready (\d+)$/m.exec(await metrics.text())?.[1];
      const health = await serveWorkerHealth(
        {
          port,
          sdkMetricsUrl: 'http://127.0.0.1:1/metrics',
          worker: { getState: () => 'RUNNING' },
          connection,
          metrics,
          probe,
        },
        pino({ level: 'silent' }),
      );
      try {
        expect((await get(port, '/ready')).body).toEqual({ ready: true, worker: 'RUNNING', temporal: 'reachable' });
        expect(await readyGauge()).toBe('1');
        await server.stop();
        const stoppedAt = Date.now();
        const down = await until(port, '/ready', (a) => a.status === 503, 10_000);
        // Stale after 2 intervals + timeout (700 ms); allow a few more intervals of polling slack.
        expect(Date.now() - stoppedAt).toBeLessThan(2 * probe.intervalMs + probe.timeoutMs + 5 * probe.intervalMs);
        expect(down.body).toMatchObject({ ready: false, worker: 'RUNNING' });
        expect(down.body.temporal).toMatch(/^unreachable for \d+ s/);
        expect(await readyGauge()).toBe('0');
        expect((await get(port, '/live')).status).toBe(200);
        await server.restart();
        expect((await until(port, '/ready', (a) => a.status === 200, 20_000)).body).toEqual({
          ready: true,
          worker: 'RUNNING',
          temporal: 'reachable',
        });
        expect(await readyGauge()).toBe('1');
        expect((await get(port, '/live')).status).toBe(200);
      } finally {
        health.close();
        await connection.close();
      }
    },
  );

  it(
    'the worker process: /ready 503 with a reason while the server is stopped, 200 once it is back; /live 200 throughout',
    { timeout: 120_000 },
    async () => {
      const port = await metricsPort();
      worker = await startWorkerProcess(resolve(__dirname, '../../src/worker.ts'), {
        TEMPORAL_ADDRESS: server.address,
        TEMPORAL_TASK_QUEUE: `ready-${randomUUID()}`,
        CLANFORGE_ACCESS_KEY: 'access',
        CLANFORGE_SECRET_KEY: 'secret',
        METRICS_PORT: String(port),
        LOG_LEVEL: 'info',
      });
      await until(port, '/ready', (a) => a.status === 200, 10_000);
      await server.stop();
      // The worker's probe runs every 5 s and gives up on a frontend silent for 2 intervals + timeout.
      const down = await until(port, '/ready', (a) => a.status === 503, 30_000);
      expect(down.body).toMatchObject({ ready: false, worker: 'RUNNING' });
      expect(down.body.temporal).toMatch(/^unreachable for \d+ s/);
      expect((await get(port, '/live')).status).toBe(200);
      await server.restart();
      const up = await until(port, '/ready', (a) => a.status === 200, 30_000);
      expect(up.body).toMatchObject({ ready: true, worker: 'RUNNING', temporal: 'reachable' });
      expect((await get(port, '/live')).status).toBe(200);
    },
  );
});
