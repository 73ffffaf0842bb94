import type { Client } from '@temporalio/client';
import { procSample } from './procStats';
import { startInBatches, startParkingStack } from './manyRollouts';

export interface ParkedResult {
  scenario: string;
  workers: number;
  rollouts: number;
  /** Rollouts that reached `scheduled` or `awaiting-approval`. */
  parked: number;
  /** Seconds from the first start until every rollout was parked. */
  parkSeconds: number;
  /** Worker resident memory while parked (after the parking, over the idle window). */
  workerRssMb: number;
  /** Worker CPU seconds over the idle window. */
  workerCpuSeconds: number;
  idleSeconds: number;
  temporalCpuSeconds: number;
  seconds: number;
}

/**
 * `parked-N`: N rollouts waiting for a person or a time, half `scheduled` (installAt a day away),
 * half `awaiting-approval`. What a worker costs while nothing is due: its memory and its CPU.
 */
export async function runParked(
  rollouts: number,
  speed: number,
  temporal: { client: Client; address: string; serverPid?: number },
  /** The idle window the worker's CPU is measured over. */
  idleMs = 60_000,
): Promise<ParkedResult> {
  const began = Date.now();
  const stack = await startParkingStack('parked', speed, temporal);
  const { worker, taskQueue, client } = stack;
  try {
    const installAt = new Date(Date.now() + 24 * 3600_000).toISOString();
    const ids = await startInBatches(client, rollouts, (n) => ({
      accountServiceId: 30_000 + n,
      imageId: 1,
      machineId: 7,
      ...(n % 2 ? { requireApproval: true } : { installAt }),
    }));
    const query = `TaskQueue='${taskQueue}' AND ExecutionStatus='Running' AND RolloutPhase IN ('scheduled','awaiting-approval')`;
    let parked = 0;
    for (let waited = 0; parked < rollouts && waited < 30 * 60_000; waited += 5_000) {
      await new Promise((r) => setTimeout(r, 5_000));
      parked = (await temporal.client.workflow.count(query)).count;
      process.stderr.write(`  parked ${parked}/${rollouts}\n`);
    }
    const parkSeconds = Math.round((Date.now() - began) / 1000);
    const pid = worker.process.child.pid!;
    const before = procSample(pid);
    const serverBefore = temporal.serverPid ? procSample(temporal.serverPid) : undefined;
    await new Promise((r) => setTimeout(r, idleMs));
    const after = procSample(pid);
    const serverAfter = temporal.serverPid ? procSample(temporal.serverPid) : undefined;
    // Leave nothing running on the shared server for whatever comes next.
    await Promise.all(
      ids.map((id) =>
        client
          .handle(id)
          .terminate('bench: parked scenario done')
          .catch(() => undefined),
      ),
    );
    return {
      scenario: `parked-${rollouts}`,
      workers: 1,
      rollouts,
      parked,
      parkSeconds,
      workerRssMb: Math.round(Math.max(before?.rssMb ?? 0, after?.rssMb ?? 0)),
      workerCpuSeconds: Math.round(((after?.cpuSeconds ?? 0) - (before?.cpuSeconds ?? 0)) * 10) / 10,
      idleSeconds: idleMs / 1000,
      temporalCpuSeconds: Math.round(((serverAfter?.cpuSeconds ?? 0) - (serverBefore?.cpuSeconds ?? 0)) * 10) / 10,
      seconds: Math.round((Date.now() - began) / 1000),
    };
  } finally {
    await stack.close();
  }
}
