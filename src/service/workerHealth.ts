import type { NativeConnection, Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { RolloutMetrics } from '../metrics/registry';
import type { CredentialWatch } from './credentialWatch';
import { startHealthServer, type HealthCheck } from './healthServer';
import { TemporalProbe, type TemporalProbeOptions } from './temporalProbe';

type WorkerState = Pick<Worker, 'getState'>;
type CredentialState = Pick<CredentialWatch, 'readiness'>;

/**
 * Ready = polling (RUNNING), the Temporal frontend answered recently (the SDK Worker stays RUNNING
 * while the server is down), and Clanforge has not rejected the worker's credentials (then it
 * takes no Clanforge work: `clanforge.reason` says why).
 */
export function workerReadiness(
  worker: WorkerState,
  probe: Pick<TemporalProbe, 'reachability'>,
  credentials?: CredentialState,
): () => HealthCheck {
  return () => {
    const state = worker.getState();
    const temporal = probe.reachability();
    const clanforge = credentials?.readiness();
    const ready = state === 'RUNNING' && temporal.reachable && (clanforge?.ready ?? true);
    const credentialBody = clanforge
      ? { clanforge: { credentials: clanforge.state, ...(clanforge.reason ? { reason: clanforge.reason } : {}) } }
      : {};
    return { ok: ready, body: { ready, worker: state, temporal: temporal.detail, ...credentialBody } };
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
  /** The worker's Clanforge credential watch (runWorker): rejected keys make it not ready. */
  credentials?: CredentialState;
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
  const readiness = workerReadiness(options.worker, probe, options.credentials);
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
