import type { NativeConnection, Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { RolloutMetrics } from '../metrics/registry';
import { startHealthServer, type HealthCheck } from './healthServer';
import { TemporalProbe, type TemporalProbeOptions } from './temporalProbe';

type WorkerState = Pick<Worker, 'getState'>;

/** Ready = polling (RUNNING) and the Temporal frontend answered recently: the SDK Worker stays RUNNING while the server is down. */
export function workerReadiness(worker: WorkerState, probe: Pick<TemporalProbe, 'reachability'>): () => HealthCheck {
  return () => {
    const state = worker.getState();
    const temporal = probe.reachability();
    const ready = state === 'RUNNING' && temporal.reachable;
    return { ok: ready, body: { ready, worker: state, temporal: temporal.detail } };
  };
}

/** Live = not FAILED or STOPPED: the only states a restart of the process would fix. Draining on SIGTERM is alive. */
export function workerLiveness(worker: WorkerState): () => HealthCheck {
  return () => {
    const state = worker.getState();
    const live = state !== 'FAILED' && state !== 'STOPPED';
    return { ok: live, body: { live, worker: state } };
  };
}

export interface WorkerHealthOptions {
  port: number;
  /** The SDK's own exporter (runWorker's sdkMetricsPort), passed through on /metrics. */
  sdkMetricsUrl: string;
  worker: WorkerState;
  connection: NativeConnection;
  metrics: Pick<RolloutMetrics, 'text' | 'reportReadiness'>;
  probe?: TemporalProbeOptions;
}

/**
 * Probes Temporal (a first answer before serving, so /ready is truthful at once) and serves /ready,
 * /live and /metrics, whose `clanforge_worker_ready` is the /ready verdict of the same moment.
 */
export async function serveWorkerHealth(options: WorkerHealthOptions, log: Logger): Promise<{ close: () => void }> {
  const probe = new TemporalProbe(options.connection, options.probe);
  await probe.start();
  const readiness = workerReadiness(options.worker, probe);
  options.metrics.reportReadiness(() => readiness().ok);
  const server = await startHealthServer(
    {
      port: options.port,
      sdkMetricsUrl: options.sdkMetricsUrl,
      readiness,
      liveness: workerLiveness(options.worker),
      ownMetrics: () => options.metrics.text(),
    },
    log,
  ).catch((error: unknown) => {
    probe.stop();
    throw error;
  });
  return {
    close: () => {
      probe.stop();
      server.close();
    },
  };
}
