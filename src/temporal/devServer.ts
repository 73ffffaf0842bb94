import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort } from './freePort';
import { requireTemporalCli } from './findCli';
import { SEARCH_ATTRIBUTE_FLAGS } from '../contract/searchAttributes';

/**
 * Dev-server dynamic config: every test harness polls its own task queue in a Worker Deployment of
 * its own, far past Temporal's defaults of 100 deployments per namespace and 100 task queues per
 * version (past them, a new worker's version never registers and its tasks never start).
 */
export const DEV_DYNAMIC_CONFIG = [
  'matching.maxDeployments=100000',
  'matching.maxTaskQueuesInDeploymentVersion=100000',
] as const;

export interface DevServerOptions {
  /** gRPC frontend port; 0 or absent picks a free one. */
  port?: number;
  /** Web UI port; absent = no UI (headless). */
  uiPort?: number;
  /** SQLite file that keeps state across restarts; absent = in memory. */
  dbFilename?: string;
  /** Where the server's own output goes; absent = discarded. */
  logFile?: string;
  /** The temporal binary; absent = found by requireTemporalCli(). */
  executable?: string;
  ip?: string;
  readyTimeoutMs?: number;
  /** Serve the server's own Prometheus metrics (service_requests by operation) on this port. */
  metricsPort?: number;
  /** `Name=Type` search attributes to register; absent = the contract's (a subset: a namespace from an earlier version). */
  searchAttributes?: readonly string[];
}

/**
 * A `temporal server start-dev` child process with the contract's search attributes registered.
 * Spawned by us rather than through TestWorkflowEnvironment so tests can stop and restart it on
 * the same database file, as the durability tests must.
 */
export class DevServer {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  readonly executable: string;
  readonly ip: string;

  private constructor(
    private readonly options: DevServerOptions,
    readonly port: number,
  ) {
    this.executable = options.executable ?? requireTemporalCli();
    this.ip = options.ip ?? '127.0.0.1';
  }

  static async start(options: DevServerOptions = {}): Promise<DevServer> {
    const port = options.port || (await freePort());
    const server = new DevServer(options, port);
    await server.launch();
    return server;
  }

  get address(): string {
    return `${this.ip}:${this.port}`;
  }

  get uiUrl(): string | undefined {
    return this.options.uiPort ? `http://localhost:${this.options.uiPort}` : undefined;
  }

  /** Where the server's Prometheus metrics are, when started with metricsPort. */
  get metricsUrl(): string | undefined {
    return this.options.metricsPort ? `http://${this.ip}:${this.options.metricsPort}/metrics` : undefined;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private args(): string[] {
    const args = ['server', 'start-dev', '--ip', this.ip, '--port', String(this.port), '--log-level', 'warn'];
    if (this.options.uiPort) args.push('--ui-port', String(this.options.uiPort));
    else args.push('--headless');
    if (this.options.dbFilename) args.push('--db-filename', this.options.dbFilename);
    if (this.options.metricsPort) args.push('--metrics-port', String(this.options.metricsPort));
    for (const flag of this.options.searchAttributes ?? SEARCH_ATTRIBUTE_FLAGS) args.push('--search-attribute', flag);
    for (const value of DEV_DYNAMIC_CONFIG) args.push('--dynamic-config-value', value);
    return args;
  }

  private async launch(): Promise<void> {
    if (this.options.dbFilename) mkdirSync(dirname(this.options.dbFilename), { recursive: true });
    const child = spawn(this.executable, this.args(), { stdio: ['ignore', 'pipe', 'pipe'] });
    if (this.options.logFile) {
      mkdirSync(dirname(this.options.logFile), { recursive: true });
      const log = createWriteStream(this.options.logFile, { flags: 'a' });
      child.stdout?.pipe(log);
      child.stderr?.pipe(log);
    } else {
      child.stdout?.resume();
      child.stderr?.resume();
    }
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await this.waitUntilReady(child);
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 60_000);
    let lastError: unknown;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`temporal dev server exited with code ${child.exitCode} (is port ${this.port} taken?)`);
      }
      try {
        const connection = await Connection.connect({ address: this.address, connectTimeout: 1_000 });
        try {
          await connection.workflowService.getSystemInfo({});
          return;
        } finally {
          await connection.close();
        }
      } catch (error) {
        lastError = error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    throw new Error(`temporal dev server on ${this.address} not ready: ${String(lastError)}`);
  }

  /** Graceful stop (SIGTERM), forced after a grace period. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** The crash case: SIGKILL, no chance to flush. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await this.exited;
  }

  /** Starts the server again on the same port and database file. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }
}
