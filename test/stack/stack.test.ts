import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS } from '../support/chromium';
import { loadCompose } from './compose';
import { SEARCH_ATTRIBUTE_FLAGS } from '../../src/contract/searchAttributes';
import { ROOT, STACK_DIR, type NativeImage } from './images';
import { NativeStack, runHealthcheck } from './nativeStack';
import { mountQuickPrometheus } from './prometheus';
import { MANIFEST, STACK_PROFILES, stackEnv } from './stackEnv';
import { sleep } from '../support/wait';

// docker-compose.yml, every service run natively with the commands and environment written there
// (scripts/test-stack.sh runs this inside a private network namespace: the ports are compose's own).
const run = promisify(execFile);
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as {
  images: Record<string, NativeImage>;
  temporalCli: string;
  chromium?: string;
};
const project = loadCompose(join(ROOT, 'docker-compose.yml'), stackEnv(), STACK_PROFILES);
mountQuickPrometheus(project, join(STACK_DIR, 'prometheus'));
const stack = new NativeStack(project, manifest.images, STACK_DIR, (line) => process.stdout.write(`[stack] ${line}\n`));
const app = manifest.images['build:.']!;
const TEMPORAL = '127.0.0.1:7233';
const READY_URL = 'http://127.0.0.1:9464/ready';
const SIM = 'http://127.0.0.1:8780';
const PROMETHEUS = 'http://127.0.0.1:9090';

/** The CLI as the image ships it (bin/ of the built runtime stage), pointed at the published port. */
async function cli(...args: string[]): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run('node', [join(app.root, app.workdir, 'bin/clanforge-rollout.js'), ...args], {
      env: { ...process.env, TEMPORAL_ADDRESS: TEMPORAL },
      timeout: 120_000,
    });
    return { stdout, code: 0 };
  } catch (error) {
    const e = error as { stdout?: string; code?: number };
    return { stdout: e.stdout ?? '', code: e.code ?? 1 };
  }
}

async function temporal(...args: string[]): Promise<string> {
  return (await run(manifest.temporalCli, [...args, '--address', TEMPORAL], { timeout: 30_000 })).stdout;
}

async function phaseOf(workflowId: string): Promise<string | undefined> {
  const { stdout, code } = await cli('status', workflowId, '--json');
  return code === 0 || code === 1 ? (JSON.parse(stdout || '{}') as { phase?: string }).phase : undefined;
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 180_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve(probe()).catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1_000);
  }
}

const workerHealthy = () => runHealthcheck(stack.spec('worker').healthcheck!, stack.spec('worker'), 5_000);

/** GET a Prometheus HTTP API path; its `data`. */
async function prometheusApi<T>(path: string): Promise<T> {
  const body = (await (await fetch(`${PROMETHEUS}${path}`)).json()) as { status: string; data: T };
  if (body.status !== 'success') throw new Error(`prometheus ${path}: ${JSON.stringify(body)}`);
  return body.data;
}

interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
}

const alertsNamed = async (name: string) =>
  (await prometheusApi<{ alerts: PrometheusAlert[] }>('/api/v1/alerts')).alerts.filter(
    (a) => a.labels.alertname === name,
  );

async function simulatorJobs(kind: string, imageId: number): Promise<number> {
  const body = (await (await fetch(`${SIM}/_sim/jobs?kind=${kind}`)).json()) as { jobs: { imageid: number }[] };
  return body.jobs.filter((j) => j.imageid === imageId).length;
}

beforeAll(async () => {
  // Fresh volumes come with the stack's own run directory; the logs are this run's only.
  rmSync(join(STACK_DIR, 'logs'), { recursive: true, force: true });
  await stack.up();
  await stack.waitHealthy('worker');
}, 600_000);

afterAll(async () => {
  await stack.down();
});

describe('docker-compose.yml, run natively', () => {
  it('starts every service with its own commands: schema and setup jobs complete, server, UI, worker and simulator up', async () => {
    await stack.waitCompleted('temporal-schema');
    await stack.waitCompleted('temporal-setup');
    expect(workerHealthy()).toBe(true);
    expect((await fetch('http://localhost:8080/')).status).toBe(200);
    expect((await fetch(`${SIM}/_sim/health`)).status).toBe(200);
    const attributes = await temporal('operator', 'search-attribute', 'list', '--output', 'json');
    for (const name of SEARCH_ATTRIBUTE_FLAGS.map((flag) => flag.split('=')[0] as string))
      expect(attributes).toContain(name);
  });

  it('a rollout started with the CLI completes, and SQL visibility finds it by phase and image', async () => {
    const started = await cli(
      'start',
      '--asid',
      '1001',
      '--image',
      '4242',
      '--machine',
      '7',
      '--game-build',
      'stack-1',
      '--json',
    );
    expect(started.code).toBe(0);
    await waitFor('rollout-1001-4242 completed', async () =>
      (await phaseOf('rollout-1001-4242')) === 'completed' ? true : undefined,
    );
    const listed = await waitFor(
      'visibility',
      async () => {
        const out = await temporal(
          'workflow',
          'list',
          '--query',
          `RolloutPhase='completed' AND ClanforgeImageId=4242`,
          '--output',
          'json',
        );
        return out.includes('rollout-1001-4242') ? out : undefined;
      },
      30_000,
    );
    expect(listed).toContain('rollout-1001-4242');
  });

  it('/ready (the Dockerfile HEALTHCHECK) turns 503 while the Temporal server is down, and 200 once it is back', async () => {
    expect(workerHealthy()).toBe(true);
    await stack.stop('temporal');
    await waitFor('worker unhealthy', () => (workerHealthy() ? undefined : true), 60_000);
    const down = await fetch(READY_URL);
    expect(down.status).toBe(503);
    expect(await down.text()).toMatch(/temporal/i);
    expect((await fetch('http://127.0.0.1:9464/live')).status).toBe(200);
    stack.start('temporal');
    await stack.waitHealthy('temporal');
    await waitFor('worker healthy again', () => (workerHealthy() ? true : undefined), 60_000);
  });

  it('restarting the Temporal server while a rollout is scheduled still ends with 1 diff and 1 version', async () => {
    const installAt = Math.floor(Date.now() / 1000) + 45;
    expect(
      (
        await cli(
          'start',
          '--asid',
          '1001',
          '--image',
          '4343',
          '--machine',
          '7',
          '--game-build',
          'stack-2',
          '--install-at',
          String(installAt),
          '--json',
        )
      ).code,
    ).toBe(0);
    await waitFor('scheduled', async () => ((await phaseOf('rollout-1001-4343')) === 'scheduled' ? true : undefined));
    await stack.stop('temporal');
    await sleep(3_000);
    stack.start('temporal');
    await stack.waitHealthy('temporal');
    await waitFor(
      'rollout-1001-4343 completed',
      async () => ((await phaseOf('rollout-1001-4343')) === 'completed' ? true : undefined),
      240_000,
    );
    expect(await simulatorJobs('diff', 4343)).toBe(1);
    expect(await simulatorJobs('version', 4343)).toBe(1);
  });

  it("compose's Prometheus scrapes the worker with deploy/prometheus/alerts.yml and fires ClanforgeRolloutAwaitingOperator for a rollout that waits for an operator", async () => {
    await waitFor(
      'prometheus ready',
      async () => ((await fetch(`${PROMETHEUS}/-/ready`)).ok ? true : undefined),
      60_000,
    );
    const targets = await waitFor(
      'the worker scraped',
      async () => {
        const data = await prometheusApi<{ activeTargets: { labels: Record<string, string>; health: string }[] }>(
          '/api/v1/targets',
        );
        return data.activeTargets.length > 0 && data.activeTargets.every((t) => t.health === 'up')
          ? data.activeTargets
          : undefined;
      },
      60_000,
    );
    expect(targets.map((t) => t.labels)).toEqual([{ instance: 'worker:9464', job: 'clanforge-rollout-worker' }]);
    const ready = await prometheusApi<{ result: { value: [number, string] }[] }>(
      `/api/v1/query?query=${encodeURIComponent('clanforge_worker_ready')}`,
    );
    expect(ready.result.map((r) => r.value[1])).toEqual(['1']);
    expect(await alertsNamed('ClanforgeRolloutAwaitingOperator')).toEqual([]);

    // Every diff fails while the rollout makes its one; with no automatic retry it waits for an operator.
    await fetch(`${SIM}/_sim/faults`, { method: 'POST', body: JSON.stringify({ 'fail.diff': 1 }) });
    try {
      const started = await cli(
        'start',
        '--asid',
        '1001',
        '--image',
        '4444',
        '--machine',
        '7',
        '--game-build',
        'stack-3',
        '--diff-retries',
        '0',
        '--json',
      );
      expect(started.code).toBe(0);
      await waitFor('rollout-1001-4444 awaiting-operator', async () =>
        (await phaseOf('rollout-1001-4444')) === 'awaiting-operator' ? true : undefined,
      );
    } finally {
      await fetch(`${SIM}/_sim/faults`, { method: 'POST', body: '{}' });
    }
    const [firing] = await waitFor('ClanforgeRolloutAwaitingOperator firing', async () => {
      const alerts = await alertsNamed('ClanforgeRolloutAwaitingOperator');
      return alerts.some((a) => a.state === 'firing') ? alerts : undefined;
    });
    expect(firing).toMatchObject({
      state: 'firing',
      labels: { alertname: 'ClanforgeRolloutAwaitingOperator', severity: 'page' },
      annotations: { summary: '1 rollout(s) wait for an operator' },
    });
  });

  it.runIf(manifest.chromium)('the compose Web UI lists the rollout (headless Chromium)', async () => {
    const browser = await chromium.launch({ executablePath: manifest.chromium, args: CHROMIUM_FLAGS, headless: true });
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      await page.goto(
        `http://localhost:8080/namespaces/default/workflows?query=${encodeURIComponent(`ClanforgeImageId=4242`)}`,
      );
      await page.getByText('rollout-1001-4242').first().waitFor({ timeout: 60_000 });
      mkdirSync(join(ROOT, 'docs/screenshots'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'docs/screenshots/compose-ui-rollouts.png') });
    } finally {
      await browser.close();
    }
  });
});
