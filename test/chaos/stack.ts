import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, writeFileSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { inject } from 'vitest';
import { RolloutClient } from '../../src/client';
import { DevServer } from '../../src/temporal/devServer';
import { freePort } from '../../src/temporal/freePort';
import type { RolloutStatus } from '../../src/contract/rollout/status';
import { waitForStatus } from '../support/waitForStatus';
import { startWorkerProcess, type WorkerProcess } from '../../src/dev/workerProcess';
import { sleep } from '../support/wait';

const ROOT = resolve(__dirname, '../..');
export const CHAOS_ACCESS = 'chaos-access';
/** A recognisable secret: the credential scan looks for it everywhere. */
export const CHAOS_SECRET = 'Zx9-CHAOS-SECRET-do-not-leak-7Qp';

export interface ChaosOptions {
  speed: number;
  seed?: number;
  fleet?: number;
  faults?: string;
  /** The simulator's `--fleets` document (fleets, profiles and servers), written to a file in the stack's dir. */
  fleets?: { fleets: unknown[] };
  /** Extra environment for the workers (e.g. a wrong secret). */
  workerEnv?: Record<string, string>;
}

/**
 * Real processes, no mocks: a Temporal dev server on its own database file, the simulator as
 * `npm run simulator` runs it (with a state file), and workers as child processes running
 * src/worker.ts, all logging to files the credential scan reads.
 */
export class ChaosStack {
  readonly dir = mkdtempSync(join(tmpdir(), 'chaos-'));
  readonly taskQueue = `chaos-${randomUUID()}`;
  server!: DevServer;
  rollouts!: RolloutClient;
  simUrl = '';
  simOrigin = '';
  private simPort = 0;
  private sim?: ChildProcess;
  private simExited?: Promise<void>;
  readonly workers: WorkerProcess[] = [];
  private readonly logs: WriteStream[] = [];
  private workerCount = 0;

  constructor(readonly options: ChaosOptions) {}

  static async start(options: ChaosOptions): Promise<ChaosStack> {
    const stack = new ChaosStack(options);
    stack.server = await DevServer.start({
      executable: inject('temporalCli'),
      dbFilename: join(stack.dir, 'temporal.db'),
      logFile: join(stack.dir, 'temporal.log'),
    });
    stack.simPort = await freePort();
    await stack.startSimulator();
    const connection = await Connection.connect({ address: stack.server.address });
    stack.rollouts = new RolloutClient(new Client({ connection }), stack.taskQueue);
    return stack;
  }

  async startSimulator(): Promise<void> {
    const args = [
      '--import',
      'tsx',
      'src/simulator/main.ts',
      '--port',
      String(this.simPort),
      '--credentials',
      `${CHAOS_ACCESS}:${CHAOS_SECRET}`,
    ];
    args.push(
      '--speed',
      String(this.options.speed),
      '--seed',
      String(this.options.seed ?? 5),
      '--fleet',
      String(this.options.fleet ?? 2),
      '--state-file',
      join(this.dir, 'simulator.json'),
    );
    args.push('--log-level', 'debug');
    if (this.options.faults) args.push('--faults', this.options.faults);
    if (this.options.fleets) {
      const file = join(this.dir, 'fleets.json');
      writeFileSync(file, JSON.stringify(this.options.fleets));
      args.push('--fleets', file);
    }
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = this.logFile('simulator.log');
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    this.sim = child;
    this.simExited = new Promise((done) => child.once('exit', () => done()));
    const url = await new Promise<string>((ready, fail) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/\S+\/cfp\/v1)/.exec(out);
        if (match?.[1]) ready(match[1]);
      });
      child.once('exit', (code) => fail(new Error(`simulator exited ${code}: ${out}`)));
    });
    this.simUrl = url;
    this.simOrigin = new URL(url).origin;
  }

  /** Kills the simulator (SIGKILL) and starts it again on the same port and state file. */
  async restartSimulator(downMs = 1_000): Promise<void> {
    this.sim?.kill('SIGKILL');
    await this.simExited;
    await sleep(downMs);
    await this.startSimulator();
  }

  workerEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      TEMPORAL_ADDRESS: this.server.address,
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      CLANFORGE_BASE_URL: this.simUrl,
      CLANFORGE_ACCESS_KEY: CHAOS_ACCESS,
      CLANFORGE_SECRET_KEY: CHAOS_SECRET,
      CLANFORGE_POLL_SCALE: String(this.options.speed),
      CLANFORGE_TIMEOUT_MS: '2000',
      LOG_LEVEL: 'debug',
      ...this.options.workerEnv,
      ...extra,
    };
  }

  async startWorker(extra: Record<string, string> = {}): Promise<WorkerProcess> {
    const worker = await startWorkerProcess(resolve(ROOT, 'src/worker.ts'), this.workerEnv(extra));
    const log = this.logFile(`worker-${++this.workerCount}.log`);
    log.write(worker.output());
    worker.child.stdout?.pipe(log, { end: false });
    worker.child.stderr?.pipe(log, { end: false });
    this.workers.push(worker);
    return worker;
  }

  private logFile(name: string): WriteStream {
    const stream = createWriteStream(join(this.dir, name), { flags: 'a' });
    this.logs.push(stream);
    return stream;
  }

  async admin<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.simOrigin}/_sim/${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`/_sim/${path}: ${response.status}`);
    return (await response.json()) as T;
  }

  async calls(): Promise<Record<string, number>> {
    return (await this.admin<{ calls: Record<string, number> }>('GET', 'stats')).calls;
  }

  /** Jobs the simulator made, per kind, for one image (what "no duplicate" is measured on). */
  async jobsOfImage(imageId: number): Promise<Record<string, number>> {
    const { jobs } = await this.admin<{ jobs: { kind: string; imageid?: number }[] }>('GET', 'jobs');
    const counts: Record<string, number> = {};
    for (const job of jobs) if (job.imageid === imageId) counts[job.kind] = (counts[job.kind] ?? 0) + 1;
    return counts;
  }

  waitForStatus(
    workflowId: string,
    predicate: (s: RolloutStatus) => boolean,
    timeoutMs = 120_000,
  ): Promise<RolloutStatus> {
    return waitForStatus(this.rollouts, workflowId, predicate, timeoutMs, 200);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
    this.sim?.kill('SIGTERM');
    await this.simExited;
    await this.rollouts?.close();
    await this.server?.stop();
    for (const log of this.logs) log.end();
  }
}
