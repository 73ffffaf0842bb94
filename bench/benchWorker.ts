import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startWorkerProcess } from '../src/dev/workerProcess';
import { freePort } from '../src/temporal/freePort';

/** The simulator's credentials in every scenario (access:secret). */
export const CREDS = 'bench-access:bench-secret';
const ROOT = resolve(__dirname, '..');

const DOCKERFILE_NODE_OPTIONS =
  /^ENV NODE_OPTIONS=(.+)$/m.exec(readFileSync(resolve(ROOT, 'Dockerfile'), 'utf8'))?.[1]?.trim() ?? '';

/** BENCH_WORKER_NODE_ARGS: node flags for a look inside a worker (`--cpu-prof --cpu-prof-dir=DIR`). */
function benchWorkerNodeArgs(): string[] {
  return (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
}

/** One worker process as a user runs it: the service's defaults. */
export async function startBenchWorker(address: string, taskQueue: string, simUrl: string, speed: number) {
  const [access, secret] = CREDS.split(':') as [string, string];
  const port = await freePort();
  const process = await startWorkerProcess(
    resolve(ROOT, 'src/worker.ts'),
    {
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      CLANFORGE_BASE_URL: simUrl,
      CLANFORGE_ACCESS_KEY: access,
      CLANFORGE_SECRET_KEY: secret,
      CLANFORGE_POLL_SCALE: String(speed),
      // info: the worker's "ready" line is how the bench knows it is up.
      LOG_LEVEL: 'info',
      METRICS_PORT: String(port),
      // The heap the Dockerfile gives the worker: measured as it ships.
      NODE_OPTIONS: DOCKERFILE_NODE_OPTIONS,
    },
    benchWorkerNodeArgs(),
  );
  return { process, metricsUrl: `http://127.0.0.1:${port}/metrics` };
}
