import type { Client } from '@temporalio/client';
import { procSample } from './procStats';
import { startInBatches, startParkingStack } from './manyRollouts';
import { round, simCalls } from './scenario';
import { readFrontendRpcs, rpcDelta } from './serverRpcs';

export interface FreezeBenchResult {
  scenario: string;
  rollouts: number;
  /** `freeze` called to its answer (the update taken by the freeze workflow). */
  freezeMs: number;
  /** From the freeze's answer to the last of the rollouts in `frozen` (their version create was due 2 s after it). */
  heldAllSeconds: number;
  /** Rollouts in `frozen` at once, at the most (all of them). */
  held: number;
  /**
   * From the due time to the last create attempt (refused), over a sample of 100: how long 1,000
   * rollouts woken at once take to reach their create, which is most of `heldAllSeconds`.
   */
  lastCreateAfterDueSeconds: number;
  /** From a create attempt to the rollout waiting in awaitThaw (the hold itself), the most over the sample. */
  holdMsMax: number;
  /** Creates (diff, version, install queue) the simulator received between the freeze and the unfreeze. */
  createsWhileFrozen: number;
  /** History events a rollout gained from `scheduled` to `frozen` (its timer's wake-up included), mean. */
  eventsToHeld: number;
  /** History events it gained while it waited frozen (the freeze lasted `frozenSeconds`), mean. */
  eventsWhileHeld: number;
  frozenSeconds: number;
  /** Signals the server received while frozen: none (nothing is pushed to the held rollouts). */
  signalsWhileFrozen: number;
  /** From the unfreeze's answer to the last held wait completed (its awaitThaw), over a sample of 100 rollouts: the release itself. */
  waitsReleasedSeconds: number;
  /** From the unfreeze's answer to the last rollout out of `frozen` (visibility): the release and the worker's work of 1,000 rollouts going on at once. */
  releasedAllSeconds: number;
  completed: number;
  workerRssMb: number;
  workerCpuSeconds: number;
  seconds: number;
}

const PAGE = 100;

/**
 * `freeze-N`: N rollouts parked in `scheduled`, their version creates all due 2 s after a freeze.
 * Measures how fast the freeze holds them all, what it costs each in history and RPCs (no
 * signal), that nothing is created while frozen, and how fast an unfreeze lets them all go on.
 */
export async function runFreeze(
  rollouts: number,
  speed: number,
  temporal: { client: Client; address: string; metricsUrl?: string },
  frozenMs = 20_000,
): Promise<FreezeBenchResult> {
  const began = Date.now();
  const stack = await startParkingStack('freeze', speed, temporal);
  const { sim, worker, taskQueue, client } = stack;
  const count = async (phase: string) =>
    (
      await temporal.client.workflow.count(
        `TaskQueue='${taskQueue}' AND ExecutionStatus='Running' AND RolloutPhase='${phase}'`,
      )
    ).count;
  const waitCount = async (phase: string, done: (n: number) => boolean, timeoutMs: number) => {
    for (const until = Date.now() + timeoutMs; Date.now() < until;) {
      const n = await count(phase);
      if (done(n)) return n;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`freeze bench: ${phase} never reached its count`);
  };
  try {
    // Due far enough ahead for all N to make their diff and park (about 0.1 s each on two cores), then due together.
    const lead = Math.max(20_000, rollouts * 240);
    const installAtMs = Math.ceil((Date.now() + lead) / 1000) * 1000;
    const ids = await startInBatches(client, rollouts, (n) => ({
      accountServiceId: 40_000 + n,
      imageId: 1,
      machineId: 7,
      installAt: new Date(installAtMs).toISOString(),
    }));
    await waitCount('scheduled', (n) => n === rollouts, installAtMs - 5_000 - Date.now());
    const atScheduled = await historyLengths(temporal.client, ids);
    // The freeze comes 2 s before every version is due.
    await new Promise((r) => setTimeout(r, Math.max(0, installAtMs - 2_000 - Date.now())));
    const creates = async () => {
      const calls = await simCalls(sim);
      return ['imagediff/create', 'imageversion/create', 'imageinstall/queue'].reduce((s, k) => s + (calls[k] ?? 0), 0);
    };
    const createsBefore = await creates();
    const rpcsBefore = temporal.metricsUrl ? await readFrontendRpcs(temporal.metricsUrl) : undefined;
    const cpuBefore = procSample(worker.process.child.pid!);
    const freezeAsked = Date.now();
    await client.freeze({ reason: 'bench: incident', by: 'bench' });
    const frozenAt = Date.now();
    const held = await waitCount('frozen', (n) => n === rollouts, 10 * 60_000);
    const heldAllSeconds = (Date.now() - frozenAt) / 1000;
    const atHeld = await historyLengths(temporal.client, ids);
    await new Promise((r) => setTimeout(r, frozenMs));
    const beforeUnfreeze = await historyLengths(temporal.client, ids);
    const createsWhileFrozen = (await creates()) - createsBefore;
    const rpcs = rpcsBefore && rpcDelta(rpcsBefore, await readFrontendRpcs(temporal.metricsUrl!));
    const frozenSeconds = (Date.now() - frozenAt) / 1000;
    await client.unfreeze({ by: 'bench' });
    const unfrozenAt = Date.now();
    await waitCount('frozen', (n) => n === 0, 10 * 60_000);
    const releasedAllSeconds = (Date.now() - unfrozenAt) / 1000;
    const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 100)) === 0);
    const times = await Promise.all(sample.map((id) => holdTimes(temporal.client, id)));
    const cpuAfter = procSample(worker.process.child.pid!);
    let completed = 0;
    for (const until = Date.now() + 15 * 60_000; completed < rollouts && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 2_000));
      completed = (await temporal.client.workflow.count(`TaskQueue='${taskQueue}' AND ExecutionStatus='Completed'`))
        .count;
    }
    return {
      scenario: `freeze-${rollouts}`,
      rollouts,
      freezeMs: frozenAt - freezeAsked,
      heldAllSeconds: round(heldAllSeconds, 1),
      held,
      createsWhileFrozen,
      eventsToHeld: round(meanGain(atScheduled, atHeld), 1),
      eventsWhileHeld: round(meanGain(atHeld, beforeUnfreeze), 1),
      frozenSeconds: round(frozenSeconds, 1),
      signalsWhileFrozen: rpcs?.get('SignalWorkflowExecution') ?? 0,
      lastCreateAfterDueSeconds: round((Math.max(...times.map((t) => t.createdAt)) - installAtMs) / 1000, 1),
      holdMsMax: Math.max(...times.map((t) => t.heldAt - t.createdAt)),
      waitsReleasedSeconds: round((Math.max(...times.map((t) => t.releasedAt)) - unfrozenAt) / 1000, 1),
      releasedAllSeconds: round(releasedAllSeconds, 1),
      completed,
      workerRssMb: Math.round(cpuAfter?.rssMb ?? 0),
      workerCpuSeconds: round((cpuAfter?.cpuSeconds ?? 0) - (cpuBefore?.cpuSeconds ?? 0), 1),
      seconds: Math.round((Date.now() - began) / 1000),
    };
  } finally {
    await stack.close();
  }
}

/** Each rollout's history length now (describe, a page at a time). */
async function historyLengths(client: Client, ids: string[]): Promise<number[]> {
  const lengths: number[] = [];
  for (let i = 0; i < ids.length; i += PAGE) {
    lengths.push(
      ...(await Promise.all(
        ids.slice(i, i + PAGE).map(async (id) => (await client.workflow.getHandle(id).describe()).historyLength),
      )),
    );
  }
  return lengths;
}

/** From a held rollout's history (ms): its first version create (refused), its first awaitThaw, the last one's completion. */
async function holdTimes(
  client: Client,
  id: string,
): Promise<{ createdAt: number; heldAt: number; releasedAt: number }> {
  const events = (await client.workflow.getHandle(id).fetchHistory()).events ?? [];
  const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
    t ? Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : NaN;
  const scheduled = (name: string) =>
    events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === name);
  const thaws = new Set(scheduled('awaitThaw').map((e) => String(e.eventId)));
  const thawDone = events.filter(
    (e) =>
      e.activityTaskCompletedEventAttributes &&
      thaws.has(String(e.activityTaskCompletedEventAttributes.scheduledEventId)),
  );
  return {
    createdAt: ms(scheduled('createImageVersion')[0]?.eventTime),
    heldAt: ms(scheduled('awaitThaw')[0]?.eventTime),
    releasedAt: ms(thawDone.at(-1)?.eventTime),
  };
}

function meanGain(before: number[], after: number[]): number {
  return after.reduce((sum, n, i) => sum + n - before[i]!, 0) / after.length;
}
