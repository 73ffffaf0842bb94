import type http from 'node:http';
import type { State } from '@temporalio/worker';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startHealthServer } from '../../src/service/healthServer';
import { TemporalProbe, type ProbeConnection } from '../../src/service/temporalProbe';
import { workerLiveness, workerReadiness } from '../../src/service/workerHealth';
import { freePort } from '../../src/temporal/freePort';
import { getJson, pollHttp } from '../support/pollHttp';
import { sleep } from '../support/wait';

/** A connection whose GetSystemInfo answers as the test says: ok, an error, or never. */
function fakeConnection() {
  let answer: () => Promise<unknown> = () => Promise.resolve({});
  let calls = 0;
  const connection = {
    withDeadline: (_deadline: number | Date, fn: () => Promise<unknown>) => fn(),
    workflowService: {
      getSystemInfo: () => {
        calls++;
        return answer();
      },
    },
  } as unknown as ProbeConnection;
  return {
    connection,
    calls: () => calls,
    succeed: () => (answer = () => Promise.resolve({})),
    fail: (message: string) => (answer = () => Promise.reject(new Error(message))),
    hang: () => (answer = () => new Promise(() => undefined)),
  };
}

const open: { probe: TemporalProbe; server: http.Server }[] = [];
afterEach(() => {
  for (const { probe, server } of open.splice(0)) {
    probe.stop();
    server.close();
  }
});

async function serve(fake: ReturnType<typeof fakeConnection>, state: { value: State }) {
  const probe = new TemporalProbe(fake.connection, { intervalMs: 50, timeoutMs: 50 });
  await probe.start();
  const worker = { getState: () => state.value };
  const port = await freePort();
  const server = await startHealthServer(
    {
      port,
      sdkMetricsUrl: 'http://127.0.0.1:1/metrics',
      readiness: workerReadiness(worker, probe),
      liveness: workerLiveness(worker),
      ownMetrics: () => Promise.resolve(''),
    },
    pino({ level: 'silent' }),
  );
  open.push({ probe, server });
  const get = (path: string) => getJson(`http://127.0.0.1:${port}${path}`);
  const until = (path: string, status: number) =>
    pollHttp(`http://127.0.0.1:${port}${path}`, (a) => a.status === status, 2_000, 20);
  return { probe, get, until };
}

describe('health endpoints', () => {
  it('/ready follows the Temporal probe (503 with the reason while it fails); /live stays 200 throughout', async () => {
    const fake = fakeConnection();
    const { get, until } = await serve(fake, { value: 'RUNNING' });
    expect(await get('/ready')).toEqual({
      status: 200,
      body: { ready: true, worker: 'RUNNING', temporal: 'reachable' },
    });

    fake.fail('tcp connect error');
    const down = await until('/ready', 503);
    expect(down.body).toMatchObject({ ready: false, worker: 'RUNNING' });
    expect(down.body.temporal).toMatch(/^unreachable for \d+ s: tcp connect error$/);
    expect(await get('/live')).toEqual({ status: 200, body: { live: true, worker: 'RUNNING' } });

    fake.succeed();
    expect((await until('/ready', 200)).body).toEqual({ ready: true, worker: 'RUNNING', temporal: 'reachable' });
    expect((await get('/live')).status).toBe(200);
  });

  it('not ready before any probe has succeeded', async () => {
    const fake = fakeConnection();
    fake.fail('connection refused');
    const { get } = await serve(fake, { value: 'RUNNING' });
    expect(await get('/ready')).toEqual({
      status: 503,
      body: { ready: false, worker: 'RUNNING', temporal: 'unreachable for 0 s: connection refused' },
    });
  });

  it('the worker state decides too: not RUNNING is not ready; FAILED or STOPPED is not live; /healthz is /live', async () => {
    const state: { value: State } = { value: 'INITIALIZED' };
    const { get } = await serve(fakeConnection(), state);
    expect((await get('/ready')).status).toBe(503);
    expect((await get('/live')).status).toBe(200);
    state.value = 'DRAINING';
    expect((await get('/live')).status).toBe(200);
    state.value = 'FAILED';
    expect(await get('/live')).toEqual({ status: 503, body: { live: false, worker: 'FAILED' } });
    expect((await get('/healthz')).status).toBe(503);
    state.value = 'STOPPED';
    expect((await get('/healthz')).status).toBe(503);
  });

  it('a probe that never answers is not repeated on top of itself, and the verdict ages anyway', async () => {
    const fake = fakeConnection();
    const { probe, until } = await serve(fake, { value: 'RUNNING' });
    fake.hang();
    const callsBefore = fake.calls();
    const down = await until('/ready', 503);
    await sleep(5 * probe.intervalMs);
    expect(fake.calls() - callsBefore).toBe(1);
    expect(down.body.temporal).toMatch(/^unreachable for \d+ s: no answer yet$/);
  });

  it('the probe timer never keeps the process alive and stops on stop()', async () => {
    const fake = fakeConnection();
    const probe = new TemporalProbe(fake.connection, { intervalMs: 20 });
    await probe.start();
    const timer = (probe as unknown as { timer?: NodeJS.Timeout }).timer;
    expect(timer?.hasRef()).toBe(false);
    probe.stop();
    const calls = fake.calls();
    await sleep(100);
    expect(fake.calls()).toBe(calls);
  });
});
