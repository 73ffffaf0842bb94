/**
 * Temporal server RPCs, read from the dev server's own Prometheus metrics
 * (`service_requests{operation,service_name}`): what the rollouts cause at the frontend.
 */
export type RpcCounts = Map<string, number>;

/**
 * What runs on a clock whatever the rollouts do: the workers' long polls and readiness probe
 * (GetSystemInfo every 5 s) and the SDK's own worker heartbeat (RecordWorkerHeartbeat), the metrics gauge's and the bench's visibility counts, namespace
 * lookups. Left in: every RPC of workflow and activity tasks, heartbeats, starts, and history
 * reads by workers replaying an evicted rollout.
 */
const NOT_CAUSED_BY_ROLLOUTS =
  /^(Poll\w*TaskQueue|GetSystemInfo|RecordWorkerHeartbeat|CountWorkflowExecutions|DescribeNamespace|GetClusterInfo)$/;

export async function readFrontendRpcs(metricsUrl: string): Promise<RpcCounts> {
  const text = await (await fetch(metricsUrl)).text();
  const counts: RpcCounts = new Map();
  for (const match of text.matchAll(/^service_requests\{([^}]*)\}\s+([0-9.e+]+)$/gm)) {
    const labels = Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    if (labels.service_name !== 'frontend' || !labels.operation || NOT_CAUSED_BY_ROLLOUTS.test(labels.operation))
      continue;
    counts.set(labels.operation, (counts.get(labels.operation) ?? 0) + Number(match[2]));
  }
  return counts;
}

/** after − before, per operation (operations with no change left out). */
export function rpcDelta(before: RpcCounts, after: RpcCounts): RpcCounts {
  const delta: RpcCounts = new Map();
  for (const [operation, n] of after) {
    const d = n - (before.get(operation) ?? 0);
    if (d > 0) delta.set(operation, d);
  }
  return delta;
}

export function totalRpcs(counts: RpcCounts, only?: RegExp): number {
  let sum = 0;
  for (const [operation, n] of counts) if (!only || only.test(operation)) sum += n;
  return sum;
}

/**
 * The counts once a worker's start has settled: a new worker sets its deployment version current,
 * which the server carries out with workflows of its own whose tasks count at the frontend. Those
 * belong to the worker's start, not to the rollouts: the bench counts from here (2 s unchanged).
 */
export async function settledFrontendRpcs(metricsUrl: string, quietMs = 2_000, maxMs = 60_000): Promise<RpcCounts> {
  const began = Date.now();
  let last = await readFrontendRpcs(metricsUrl);
  let quietSince = Date.now();
  while (Date.now() - began < maxMs) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await readFrontendRpcs(metricsUrl);
    if (totalRpcs(rpcDelta(last, now)) > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return now;
    last = now;
  }
  return last;
}
