import { randomUUID } from 'node:crypto';
import { RolloutClient, type ReleaseInput } from '../src/client';
import type { RunningSimulator } from '../src/simulator/server';
import { watchProcess } from './procStats';
import { startBenchWorker } from './benchWorker';
import { round, simFigures, simulator, type TemporalUnderTest } from './scenario';
import { readFrontendRpcs, rpcDelta, settledFrontendRpcs, totalRpcs } from './serverRpcs';

export interface ReleaseScenario {
  name: string;
  images: number;
  waves: number;
  speed: number;
  fleet: number;
}

export interface ReleaseBenchResult {
  scenario: string;
  images: number;
  waves: number;
  /** Wall time over the ideal: the sum over waves of the slowest rollout's ideal time in that wave. */
  overheadRatio: number;
  /** From the client's start to the result's finishedAt. */
  wallSeconds: number;
  idealSumSeconds: number;
  /** Mean time from a wave's last job ending in the simulator to the next wave's first job being created. */
  waveHandoffMs: number;
  /** The release's history events, summed over its runs (it continues as new between waves). */
  historyEvents: number;
  historyEventsMaxRun: number;
  runs: number;
  /** Mean history events of the image rollouts. */
  rolloutHistoryEvents: number;
  /** Temporal frontend RPCs the release and its rollouts caused, per rollout (as in the other scenarios). */
  serverRpcsPerRollout: number;
  serverRpcsByOperation: Record<string, number>;
  workerRssMb: number;
  workerCpuSeconds: number;
  temporalCpuSeconds: number;
  completed: number;
  failed: number;
  seconds: number;
}

const ASID_BASE = 50_000;
const FINAL = `ExecutionStatus IN ('Completed','Failed','Canceled','Terminated','TimedOut')`;

/**
 * `release-IxW`: one release of I images (each on an ASID of its own) in W waves, no pause between
 * them. What the release adds to its rollouts: its wall time against the waves' critical paths.
 */
export async function runRelease(s: ReleaseScenario, temporal: TemporalUnderTest): Promise<ReleaseBenchResult> {
  const began = Date.now();
  const sim = await simulator(s);
  const taskQueue = `bench-release-${randomUUID()}`;
  const worker = await startBenchWorker(temporal.address, taskQueue, sim.url, s.speed);
  const workerWatch = watchProcess(worker.process.child.pid!);
  const serverWatch = temporal.serverPid ? watchProcess(temporal.serverPid) : undefined;
  const client = new RolloutClient(temporal.client, taskQueue);
  const input: ReleaseInput = {
    releaseId: `bench-${randomUUID()}`,
    gameBuild: 'bench-1.0.0',
    pauseBetweenWaves: false,
    images: Array.from({ length: s.images }, (_, i) => ({
      accountServiceId: ASID_BASE + i,
      imageId: 1,
      machineId: 7,
      wave: Math.floor((i * s.waves) / s.images) + 1,
    })),
  };
  const rpcsBefore = temporal.metricsUrl ? await settledFrontendRpcs(temporal.metricsUrl) : undefined;
  try {
    const startedAt = Date.now();
    const { workflowId } = await client.startRelease(input);
    // By visibility, as runScenario waits: a result long poll would count as server work. A final
    // status other than ContinuedAsNew appears only when the last run has closed.
    await waitFor(temporal, `WorkflowId='${workflowId}' AND ${FINAL}`, 30 * 60_000);
    await waitFor(temporal, `TaskQueue='${taskQueue}' AND ExecutionStatus='Running'`, 60_000, 0);
    const workerUse = workerWatch.stop();
    const server = serverWatch?.stop();
    const rpcs =
      rpcsBefore && temporal.metricsUrl ? rpcDelta(rpcsBefore, await readFrontendRpcs(temporal.metricsUrl)) : undefined;
    const result = await client.releaseResult(workflowId).catch((error: unknown) => {
      process.stderr.write(
        `  release ${workflowId} did not complete: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return undefined;
    });
    const history = await releaseHistory(temporal, workflowId);
    const rolloutEvents = result
      ? await Promise.all(
          result.images.map(
            async (image) => (await client.handle(image.workflowId).fetchHistory()).events?.length ?? 0,
          ),
        )
      : [];
    const { idealByAsid } = await simFigures(sim);
    const idealSumMs = criticalPathSum(input, idealByAsid);
    const wallMs = (result ? Date.parse(result.finishedAt) : Date.now()) - startedAt;
    const completed = result?.images.filter((image) => image.phase === 'completed').length ?? 0;
    return {
      scenario: s.name,
      images: s.images,
      waves: s.waves,
      overheadRatio: round(wallMs / idealSumMs, 3),
      wallSeconds: round(wallMs / 1000, 1),
      idealSumSeconds: round(idealSumMs / 1000, 1),
      waveHandoffMs: Math.round(meanHandoff(sim, input)),
      historyEvents: history.reduce((a, b) => a + b, 0),
      historyEventsMaxRun: Math.max(0, ...history),
      runs: history.length,
      rolloutHistoryEvents: Math.round(rolloutEvents.reduce((a, b) => a + b, 0) / Math.max(1, rolloutEvents.length)),
      serverRpcsPerRollout: rpcs ? round(totalRpcs(rpcs) / s.images, 1) : NaN,
      serverRpcsByOperation: rpcs
        ? Object.fromEntries([...rpcs].sort((a, b) => b[1] - a[1]).map(([op, n]) => [op, round(n / s.images, 1)]))
        : {},
      workerRssMb: Math.round(workerUse.peakRssMb),
      workerCpuSeconds: round(workerUse.cpuSeconds, 1),
      temporalCpuSeconds: round(server?.cpuSeconds ?? NaN, 1),
      completed,
      failed: s.images - completed,
      seconds: Math.round((Date.now() - began) / 1000),
    };
  } finally {
    await worker.process.stop();
    await sim.close();
  }
}

/** Polls a visibility count every 2 s until it is above 0 (or, with `until` 0, until it is 0). */
async function waitFor(temporal: TemporalUnderTest, query: string, timeoutMs: number, until?: 0): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { count } = await temporal.client.workflow.count(query);
    if (until === 0 ? count === 0 : count > 0) return;
    if (Date.now() > deadline)
      throw new Error(`bench: gave up waiting for ${until === 0 ? 'none' : 'one'} of ${query}`);
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

/** History events of each run of the release, in no particular order. */
async function releaseHistory(temporal: TemporalUnderTest, workflowId: string): Promise<number[]> {
  const events: number[] = [];
  for await (const run of temporal.client.workflow.list({ query: `WorkflowId='${workflowId}'` })) {
    events.push((await temporal.client.workflow.getHandle(workflowId, run.runId).fetchHistory()).events?.length ?? 0);
  }
  return events;
}

function wavesOf(input: ReleaseInput): Map<number, number[]> {
  const byWave = new Map<number, number[]>();
  for (const image of input.images)
    byWave.set(image.wave ?? 1, [...(byWave.get(image.wave ?? 1) ?? []), image.accountServiceId]);
  return new Map([...byWave].sort((a, b) => a[0] - b[0]));
}

/** The sum over waves of the slowest rollout's ideal time in that wave. */
function criticalPathSum(input: ReleaseInput, idealByAsid: Map<number, number>): number {
  let sum = 0;
  for (const asids of wavesOf(input).values()) sum += Math.max(0, ...asids.map((asid) => idealByAsid.get(asid) ?? NaN));
  return sum;
}

/** Mean gap from the last job of a wave ending to the first job of the next being created, in the simulator. */
function meanHandoff(sim: RunningSimulator, input: ReleaseInput): number {
  const jobs = [...sim.store.jobs.values()];
  const spans = [...wavesOf(input).values()].map((asids) => {
    const mine = jobs.filter((j) => asids.includes(j.asid));
    return { first: Math.min(...mine.map((j) => j.createdAt)), last: Math.max(...mine.map((j) => j.timeline.endAt)) };
  });
  const gaps = spans.slice(1).map((span, i) => span.first - spans[i]!.last);
  return gaps.reduce((a, b) => a + b, 0) / Math.max(1, gaps.length);
}
