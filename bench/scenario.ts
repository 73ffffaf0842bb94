import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { RolloutClient } from '../src/client';
import { defaultFaults } from '../src/simulator/faults';
import { startSimulator, type RunningSimulator } from '../src/simulator/server';
import { CREDS, startBenchWorker } from './benchWorker';
import { naiveRollout } from './naivePoller';
import { percentile, watchProcess } from './procStats';
import { readFrontendRpcs, rpcDelta, settledFrontendRpcs, totalRpcs } from './serverRpcs';

export interface Scenario {
  name: string;
  rollouts: number;
  /** Simulator speed: realistic durations divided by this. */
  speed: number;
  fleet: number;
  etaSkew?: number;
  /** Worker processes sharing the task queue; default 1. */
  workers?: number;
  /**
   * Run one rollout first, not measured: the worker then plans from what it learned, as a worker
   * that has run before does (a new one learns in its first rollout, jobTimes.ts).
   */
  warm?: boolean;
}

/** The account service of the unmeasured warm-up rollout. */
const WARM_UP_ASID = 9_999;

export interface ScenarioResult {
  scenario: string;
  workers: number;
  rollouts: number;
  /** Measured after one unmeasured rollout on the same worker (Scenario.warm). */
  warm: boolean;
  overheadRatio: number;
  statusCallsPerJob: number;
  baselineStatusCallsPerJob: number;
  baseline30sStatusCallsPerJob: number;
  lagP50Ms: number;
  lagP95Ms: number;
  baselineLagP50Ms: number;
  baselineLagP95Ms: number;
  historyEvents: number;
  /** Temporal frontend RPCs the scenario caused, per rollout (idle Poll*TaskQueue excluded). */
  serverRpcsPerRollout: number;
  heartbeatRpcsPerRollout: number;
  /** serverRpcsPerRollout by operation. */
  serverRpcsByOperation: Record<string, number>;
  /** Where the diff and version status calls fell, per job (see the simulator's observe). */
  callsQueuedPerJob: number;
  /** Status calls per rollout by endpoint: where the looks go. */
  statusCallsPerRolloutByEndpoint: Record<string, number>;
  callsEarlyPerJob: number;
  callsOverduePerJob: number;
  callsDonePerJob: number;
  /** Peak resident memory of the largest worker process. */
  workerRssMb: number;
  /** CPU of all worker processes together. */
  workerCpuSeconds: number;
  /** Most activity slots in use at once, summed over the workers (the worker's own metric). */
  activitySlotsPeak?: number;
  temporalCpuSeconds: number;
  completed: number;
  failed: number;
  seconds: number;
}

// Every call that asks how a job or the fleet is doing (the fleet follower also reads v2 image status).
const STATUS_ENDPOINTS = ['imagediff/status', 'imageversion/status', 'imageinstall/status', 'v2/image/status'];

/** The simulator every scenario runs against (seed 42, one mirror). */
export function simulator(s: Pick<Scenario, 'speed' | 'fleet' | 'etaSkew'>): Promise<RunningSimulator> {
  return startSimulator({
    port: 0,
    speed: s.speed,
    fleet: s.fleet,
    mirrors: 1,
    seed: 42,
    credentials: [CREDS],
    logLevel: 'silent',
    faults: s.etaSkew ? { ...defaultFaults(), etaSkew: s.etaSkew } : undefined,
  });
}

/** What the simulator saw: status calls per job, reaction lags, and each rollout's ideal time. */
export async function simCalls(sim: RunningSimulator): Promise<Record<string, number>> {
  return ((await (await fetch(`${sim.origin}/_sim/stats`)).json()) as { calls: Record<string, number> }).calls;
}

/** `before`: the calls made before the rollouts started (a worker's start-up credential probe lists installs). */
export async function simFigures(sim: RunningSimulator, before: Record<string, number> = {}) {
  const jobs = [...sim.store.jobs.values()].filter((j) => j.asid !== WARM_UP_ASID);
  const counted = jobs.filter((j) => j.kind === 'diff' || j.kind === 'version' || j.kind === 'install');
  const all = await simCalls(sim);
  const stats = { calls: Object.fromEntries(Object.entries(all).map(([e, n]) => [e, n - (before[e] ?? 0)])) };
  const calls = STATUS_ENDPOINTS.reduce((sum, e) => sum + (stats.calls[e] ?? 0), 0);
  const lags = counted.filter((j) => j.observedDoneAt !== undefined).map((j) => j.observedDoneAt! - j.timeline.endAt);
  const idealByAsid = new Map<number, number>();
  for (const asid of new Set(jobs.map((j) => j.asid))) {
    const mine = jobs.filter((j) => j.asid === asid);
    const diff = mine.find((j) => j.kind === 'diff');
    const version = mine.find((j) => j.kind === 'version');
    const installs = mine.filter((j) => j.kind === 'install');
    if (!diff || !version) continue;
    const installSpan = installs.length
      ? Math.max(...installs.map((j) => j.timeline.endAt)) - version.timeline.endAt
      : 0;
    idealByAsid.set(
      asid,
      diff.timeline.endAt - diff.createdAt + (version.timeline.endAt - version.createdAt) + installSpan,
    );
  }
  const single = jobs.filter((j) => j.kind === 'diff' || j.kind === 'version');
  const where = (key: 'queued' | 'early' | 'overdue' | 'done') =>
    single.reduce((sum, j) => sum + (j.statusCalls?.[key] ?? 0), 0) / Math.max(1, single.length);
  const breakdown = { queued: where('queued'), early: where('early'), overdue: where('overdue'), done: where('done') };
  const perRollout = Math.max(1, idealByAsid.size);
  const byEndpoint = Object.fromEntries(
    STATUS_ENDPOINTS.map((e) => [e, Math.round((100 * (stats.calls[e] ?? 0)) / perRollout) / 100]),
  );
  return { callsPerJob: calls / Math.max(1, counted.length), lags, idealByAsid, breakdown, byEndpoint };
}

async function runBaseline(s: Scenario, intervalRealMs: number) {
  const sim = await simulator(s);
  try {
    const interval = Math.max(1, Math.round(intervalRealMs / s.speed));
    // Calls and lag are per job, so a few baseline rollouts measure them as well as many, without
    // their fixed-interval traffic slowing the process that also serves the service's simulator.
    const count = Math.min(s.rollouts, 10);
    await Promise.all(
      Array.from({ length: count }, (_, i) => naiveRollout(sim.url, CREDS, 20_000 + i, 1, 7, interval)),
    );
    return await simFigures(sim);
  } finally {
    await sim.close();
  }
}

export interface TemporalUnderTest {
  client: Client;
  address: string;
  serverPid?: number;
  metricsUrl?: string;
}

export async function runScenario(s: Scenario, temporal: TemporalUnderTest): Promise<ScenarioResult> {
  const began = Date.now();
  const sim = await simulator(s);
  const taskQueue = `bench-${randomUUID()}`;
  const workers = await Promise.all(
    Array.from({ length: s.workers ?? 1 }, () => startBenchWorker(temporal.address, taskQueue, sim.url, s.speed)),
  );
  const rollouts = new RolloutClient(temporal.client, taskQueue);
  if (s.warm) {
    const { workflowId } = await rollouts.startRollout({ accountServiceId: WARM_UP_ASID, imageId: 1, machineId: 7 });
    await rollouts.result(workflowId);
  }
  const workerWatches = workers.map((w) => watchProcess(w.process.child.pid!));
  const serverWatch = temporal.serverPid ? watchProcess(temporal.serverPid) : undefined;
  const slots = watchSlots(workers.map((w) => w.metricsUrl));
  // The baselines run at the same time, each against its own simulator: same work, same clock.
  const baselines = Promise.all([runBaseline(s, 5_000), runBaseline(s, 30_000)]);
  const rpcsBefore = temporal.metricsUrl ? await settledFrontendRpcs(temporal.metricsUrl) : undefined;
  const callsBefore = await simCalls(sim);
  try {
    const started = await Promise.all(
      Array.from({ length: s.rollouts }, async (_, i) => {
        const asid = 10_000 + i;
        const startedAt = Date.now();
        const { workflowId } = await rollouts.startRollout({
          accountServiceId: asid,
          imageId: 1,
          machineId: 7,
        });
        return { asid, workflowId, startedAt };
      }),
    );
    // Waiting by visibility count, not by each result's history long poll: those reissue on a
    // clock, and would count as server work that grows with the jobs' duration.
    // Visibility is updated after a start returns: first wait until it lists every rollout, or a
    // count of 0 running can come before the one just started is listed (and end the measure).
    const all = `TaskQueue='${taskQueue}'`;
    const listed = s.rollouts + (s.warm ? 1 : 0);
    while ((await temporal.client.workflow.count(all)).count < listed) await new Promise((r) => setTimeout(r, 250));
    const open = `${all} AND ExecutionStatus='Running'`;
    while ((await temporal.client.workflow.count(open)).count > 0) await new Promise((r) => setTimeout(r, 2_000));
    const worker = workerWatches.map((w) => w.stop());
    const server = serverWatch?.stop();
    const slotsPeak = await slots.stop();
    const rpcs =
      rpcsBefore && temporal.metricsUrl ? rpcDelta(rpcsBefore, await readFrontendRpcs(temporal.metricsUrl)) : undefined;
    const runs = await Promise.all(
      started.map(async ({ asid, workflowId, startedAt }) => {
        const result = await rollouts.result(workflowId).catch(() => undefined);
        return {
          asid,
          workflowId,
          e2eMs: (result ? Date.parse(result.finishedAt) : Date.now()) - startedAt,
          ok: result?.phase === 'completed',
        };
      }),
    );
    const sample = runs.slice(0, 25);
    const events = await Promise.all(
      sample.map(async (r) => (await rollouts.handle(r.workflowId).fetchHistory()).events?.length ?? 0),
    );
    const service = await simFigures(sim, callsBefore);
    const ratios = runs
      .filter((r) => r.ok && service.idealByAsid.has(r.asid))
      .map((r) => r.e2eMs / service.idealByAsid.get(r.asid)!);
    const [fixed5, fixed30] = await baselines;
    return {
      scenario: s.name,
      workers: workers.length,
      rollouts: s.rollouts,
      warm: s.warm === true,
      overheadRatio: round(ratios.reduce((a, b) => a + b, 0) / Math.max(1, ratios.length), 3),
      statusCallsPerJob: round(service.callsPerJob, 2),
      baselineStatusCallsPerJob: round(fixed5.callsPerJob, 2),
      baseline30sStatusCallsPerJob: round(fixed30.callsPerJob, 2),
      lagP50Ms: Math.round(percentile(service.lags, 50)),
      lagP95Ms: Math.round(percentile(service.lags, 95)),
      baselineLagP50Ms: Math.round(percentile(fixed5.lags, 50)),
      baselineLagP95Ms: Math.round(percentile(fixed5.lags, 95)),
      historyEvents: Math.round(events.reduce((a, b) => a + b, 0) / Math.max(1, events.length)),
      serverRpcsPerRollout: rpcs ? round(totalRpcs(rpcs) / s.rollouts, 1) : NaN,
      heartbeatRpcsPerRollout: rpcs ? round(totalRpcs(rpcs, /^RecordActivityTaskHeartbeat/) / s.rollouts, 1) : NaN,
      serverRpcsByOperation: rpcs
        ? Object.fromEntries([...rpcs].sort((a, b) => b[1] - a[1]).map(([op, n]) => [op, round(n / s.rollouts, 1)]))
        : {},
      callsQueuedPerJob: round(service.breakdown.queued, 2),
      callsEarlyPerJob: round(service.breakdown.early, 2),
      callsOverduePerJob: round(service.breakdown.overdue, 2),
      callsDonePerJob: round(service.breakdown.done, 2),
      statusCallsPerRolloutByEndpoint: service.byEndpoint,
      workerRssMb: Math.round(Math.max(...worker.map((w) => w.peakRssMb))),
      workerCpuSeconds: round(
        worker.reduce((sum, w) => sum + w.cpuSeconds, 0),
        1,
      ),
      activitySlotsPeak: slotsPeak,
      temporalCpuSeconds: round(server?.cpuSeconds ?? NaN, 1),
      completed: runs.filter((r) => r.ok).length,
      failed: runs.filter((r) => !r.ok).length,
      seconds: Math.round((Date.now() - began) / 1000),
    };
  } finally {
    await Promise.all(workers.map((w) => w.process.stop()));
    await sim.close();
  }
}

/** Samples the workers' activity slots in use (Temporal's own worker metric) every second; the peak of the sum. */
function watchSlots(metricsUrls: string[]) {
  let peak = 0;
  const read = async () => {
    const used = await Promise.all(
      metricsUrls.map((url) =>
        fetch(url)
          .then((r) => r.text())
          .then(slotsUsed, () => 0),
      ),
    );
    peak = Math.max(
      peak,
      used.reduce((a, b) => a + b, 0),
    );
  };
  const timer = setInterval(() => void read(), 1000);
  return {
    async stop(): Promise<number> {
      clearInterval(timer);
      await read();
      return peak;
    },
  };
}

function slotsUsed(text: string): number {
  let used = 0;
  for (const m of text.matchAll(/^temporal_worker_task_slots_used\{([^}]*)\}\s+([0-9.e+]+)$/gm))
    if (/worker_type="ActivityWorker"/.test(m[1]!)) used += Number(m[2]);
  return used;
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
