import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  /** SIGKILL: the worker gets no chance to finish or report anything. */
  kill9: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * A test's worker makes its own version current, in a Worker Deployment named after its task
 * queue: tests in parallel (each on a queue of its own) never move each other's current version.
 */
function versioningEnv(env: Record<string, string>): Record<string, string> {
  return {
    WORKER_DEPLOYMENT_SET_CURRENT: 'true',
    ...(env.TEMPORAL_TASK_QUEUE ? { WORKER_DEPLOYMENT_NAME: env.TEMPORAL_TASK_QUEUE } : {}),
  };
}

/** Starts a TypeScript worker script as a child process and waits for its "worker ready" line. */
export async function startWorkerProcess(
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<WorkerProcess> {
  // node itself with tsx as a loader (not the tsx CLI, which forks a child that a SIGKILL to
  // the parent would leave running).
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, ...versioningEnv(env), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((ready, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker ready')) ready();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`worker exited with ${code} before ready:\n${output}`)));
  });
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return { child, output: () => output, kill9: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}
