import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { ComposeProject, ComposeService } from './compose';
import type { NativeImage } from './images';
import { sleep } from '../support/wait';

/** A compose service resolved to one native process: argv, cwd and environment. */
export interface ServiceProcessSpec {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  healthcheck?: string[];
  runAs?: string;
}

/** Docker's rule: compose `entrypoint` replaces the image's and drops its CMD; `command` replaces CMD. */
function dockerArgv(service: ComposeService, image: NativeImage): string[] {
  const entrypoint = service.entrypoint ?? image.entrypoint;
  const cmd = service.command ?? (service.entrypoint ? [] : image.cmd);
  return [...entrypoint, ...cmd];
}

/**
 * Resolves a service to a process. Container paths (the image's own and volume targets) are
 * rewritten under the image's root directory; named volumes live in `volumesDir`.
 */
export function resolveService(service: ComposeService, image: NativeImage, volumesDir: string): ServiceProcessSpec {
  const mounts: [string, string][] = [];
  for (const volume of service.volumes) {
    const source = volume.named ? join(volumesDir, volume.source) : volume.source;
    if (volume.named) mkdirSync(source, { recursive: true });
    const at = join(image.root, volume.target);
    mkdirSync(dirname(at), { recursive: true });
    rmSync(at, { recursive: true, force: true });
    symlinkSync(source, at);
    mounts.push([volume.target, at]);
  }
  // Every container has its own /tmp (the simulator keeps its state file there).
  mkdirSync(join(image.root, 'tmp'), { recursive: true });
  const prefixes = [...new Set([...mounts.map(([target]) => target), ...image.imagePaths, '/tmp'])].sort(
    (a, b) => b.length - a.length,
  );
  // One pass, longest prefix first, so a path already rewritten is never rewritten again.
  const pattern = new RegExp(
    `(^|[\\s=:"'])(${prefixes.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?=$|[/\\s"'])`,
    'g',
  );
  const rewrite = (text: string) =>
    text.replace(pattern, (_all, before: string, prefix: string) => `${before}${join(image.root, prefix)}`);
  const env: Record<string, string> = {
    PATH: [
      ...image.path.map((p) => join(image.root, p)),
      '/usr/local/sbin',
      '/usr/local/bin',
      '/usr/sbin',
      '/usr/bin',
      '/sbin',
      '/bin',
    ].join(':'),
    HOME: image.root,
    LANG: 'C.UTF-8',
  };
  for (const [key, value] of Object.entries({ ...image.env, ...service.environment })) env[key] = rewrite(value);
  const healthcheck = service.healthcheck?.test ?? (image.healthcheck ? ['CMD', ...image.healthcheck] : undefined);
  return {
    argv: dockerArgv(service, image).map(rewrite),
    cwd: join(image.root, image.workdir),
    env,
    healthcheck: healthcheck?.map(rewrite),
    runAs: image.runAs,
  };
}

/** Runs a healthcheck `test` as compose does: CMD (exec form), CMD-SHELL (`/bin/sh -c`), NONE. */
export function runHealthcheck(test: string[], spec: ServiceProcessSpec, timeoutMs: number): boolean {
  const [kind, ...rest] = test;
  if (kind === 'NONE' || test.length === 0) return true;
  const argv = kind === 'CMD-SHELL' ? ['/bin/sh', '-c', rest.join(' ')] : kind === 'CMD' ? rest : test;
  const result = spawnSync(argv[0]!, argv.slice(1), {
    cwd: spec.cwd,
    env: spec.env,
    timeout: timeoutMs,
    stdio: 'ignore',
  });
  return result.status === 0;
}

interface Running {
  spec: ServiceProcessSpec;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/**
 * Where a stack's run directories are made: test/stack/sandbox.sh's fresh STACK_RUN_DIR, else /tmp.
 * Either is reachable by every OS user, which a checkout need not be (a home directory is 0700).
 */
const runRoot = () => process.env.STACK_RUN_DIR?.trim() || '/tmp';

/**
 * The enabled services of a compose project as native processes, started in depends_on order.
 * Each stack has its own run directory (made on first use, removed by down()): the named volumes,
 * so a stack always starts from fresh volumes as a first `docker compose up` does, and the image
 * roots of services that run as another OS user, who must reach them. Logs stay in `dir`.
 */
export class NativeStack {
  private readonly running = new Map<string, Running>();
  private readonly specs = new Map<string, ServiceProcessSpec>();
  private runDirectory?: string;

  constructor(
    readonly project: ComposeProject,
    private readonly images: Record<string, NativeImage>,
    private readonly dir: string,
    private readonly log: (line: string) => void,
  ) {}

  get runDir(): string {
    if (!this.runDirectory) {
      this.runDirectory = mkdtempSync(join(runRoot(), 'stack-'));
      chmodSync(this.runDirectory, 0o755);
    }
    return this.runDirectory;
  }

  /** The image a service runs from; one whose user is not root is copied into the run directory. */
  private image(service: ComposeService): NativeImage {
    const image = this.images[service.build ? `build:${service.build}` : service.image!]!;
    if (!image.runAs || process.getuid?.() !== 0) return image;
    const root = join(this.runDir, 'images', service.name);
    cpSync(image.root, root, { recursive: true, verbatimSymlinks: true });
    return { ...image, root };
  }

  spec(name: string): ServiceProcessSpec {
    let spec = this.specs.get(name);
    if (!spec) {
      const service = this.service(name);
      spec = resolveService(service, this.image(service), join(this.runDir, 'volumes'));
      this.specs.set(name, spec);
    }
    return spec;
  }

  service(name: string): ComposeService {
    const service = this.project.services[name];
    if (!service) throw new Error(`no service ${name} in the enabled profiles`);
    return service;
  }

  logFile(name: string): string {
    return join(this.dir, 'logs', `${name}.log`);
  }

  /** Every enabled service, each once its dependencies meet their conditions. */
  async up(): Promise<void> {
    const started = new Map<string, Promise<void>>();
    const bring = (name: string): Promise<void> => {
      let p = started.get(name);
      if (!p) {
        const service = this.service(name);
        p = Promise.all(
          Object.entries(service.dependsOn).map(async ([dep, condition]) => {
            await bring(dep);
            if (condition === 'service_healthy') await this.waitHealthy(dep);
            if (condition === 'service_completed_successfully') await this.waitCompleted(dep);
          }),
        ).then(() => this.start(name));
        started.set(name, p);
      }
      return p;
    };
    await Promise.all(Object.keys(this.project.services).map(bring));
  }

  start(name: string): void {
    const spec = this.spec(name);
    mkdirSync(dirname(this.logFile(name)), { recursive: true });
    const out = createWriteStream(this.logFile(name), { flags: 'a' });
    out.write(`\n=== start ${new Date().toISOString()}: ${spec.argv.join(' ')}\n`);
    let argv = spec.argv;
    if (spec.runAs && process.getuid?.() === 0) {
      // The image runs this as its own user; here that is the Debian package's user.
      for (const path of Object.values(spec.env).filter((v) => v.startsWith(this.runDir) && existsSync(v)))
        chownTo(path, spec.runAs);
      argv = ['setpriv', `--reuid=${spec.runAs}`, `--regid=${spec.runAs}`, '--init-groups', ...argv];
    }
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout?.pipe(out, { end: false });
    child.stderr?.pipe(out, { end: false });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    this.running.set(name, { spec, child, exited });
    this.log(`started ${name} (pid ${String(child.pid)})`);
  }

  /** Polls the service's healthcheck at its interval (a short first wait) until it passes. */
  async waitHealthy(name: string, timeoutMs = 180_000): Promise<void> {
    const service = this.service(name);
    const spec = this.spec(name);
    const check = service.healthcheck ?? {
      test: spec.healthcheck ?? [],
      intervalMs: 2_000,
      timeoutMs: 5_000,
      retries: 3,
      startPeriodMs: 0,
    };
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = this.running.get(name);
      if (run && run.child.exitCode !== null)
        throw new Error(
          `${name} exited with code ${run.child.exitCode} before it was healthy (log: ${this.logFile(name)})`,
        );
      if (runHealthcheck(check.test, spec, check.timeoutMs)) return;
      if (Date.now() > deadline)
        throw new Error(`${name} not healthy after ${timeoutMs} ms (log: ${this.logFile(name)})`);
      await sleep(Math.min(check.intervalMs, 1_000));
    }
  }

  async waitCompleted(name: string): Promise<void> {
    const code = await this.running.get(name)!.exited;
    if (code !== 0)
      throw new Error(
        `${name} exited with code ${String(code)}; it must complete successfully (log: ${this.logFile(name)})`,
      );
  }

  /** `docker compose stop`: SIGTERM, SIGKILL after the grace period. */
  async stop(name: string, graceMs = 10_000): Promise<void> {
    const run = this.running.get(name);
    if (!run || run.child.exitCode !== null || run.child.signalCode !== null) return;
    process.kill(-run.child.pid!, 'SIGTERM');
    const timer = setTimeout(() => process.kill(-run.child.pid!, 'SIGKILL'), graceMs);
    await run.exited;
    clearTimeout(timer);
  }

  /** Stops every service, then removes the run directory (the volumes: the next stack starts fresh). */
  async down(): Promise<void> {
    for (const name of [...this.running.keys()].reverse()) await this.stop(name).catch(() => undefined);
    if (this.runDirectory) rmSync(this.runDirectory, { recursive: true, force: true });
  }
}

/** Hands a data directory (a named volume) to the user the service runs as. */
function chownTo(path: string, user: string): void {
  const ids = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
  if (ids.status !== 0) throw new Error(`no OS user ${user} to run the service as`);
  chownSync(path, Number(ids.stdout), Number(gid.stdout));
}
