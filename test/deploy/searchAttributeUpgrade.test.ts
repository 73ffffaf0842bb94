import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../src/activities';
import { DEFAULT_POLL_POLICY, scalePolicy } from '../../src/activities/pollSchedule';
import { RolloutClient } from '../../src/client';
import { searchAttributeCreateCommand, SEARCH_ATTRIBUTE_FLAGS } from '../../src/contract/searchAttributes';
import { startWorkerProcess, type WorkerProcess } from '../../src/dev/workerProcess';
import type { RunningSimulator } from '../../src/simulator/server';
import { DevServer } from '../../src/temporal/devServer';
import { ACCESS, clientFor, SECRET, startTestSimulator } from '../support/simulator';
import { quietTemporalRuntime } from '../support/quietRuntime';
import { createTestWorker, makeTestWorkerCurrent } from '../support/testWorker';
import { waitFor } from '../support/wait';
import { waitForStatus } from '../support/waitForStatus';

// A namespace set up for an earlier version has only the first four attributes: ReleaseId and
// ClanforgeFullImage came later. Rollouts already wait in `scheduled` when the new worker starts;
// each then creates its version, which sets ClanforgeFullImage.
const EARLIER_ATTRIBUTES = SEARCH_ATTRIBUTE_FLAGS.slice(0, 4);
const SPEED = 200;
const ASID = 1001;

let server: DevServer;
let sim: RunningSimulator;
let temporal: Client;
let taskQueue: string;
let rollouts: RolloutClient;
let worker: WorkerProcess | undefined;

beforeEach(async () => {
  quietTemporalRuntime();
  [server, sim] = await Promise.all([
    DevServer.start({ searchAttributes: EARLIER_ATTRIBUTES }),
    startTestSimulator({ seed: 11, speed: SPEED, fleet: 2, mirrors: 1 }),
  ]);
  temporal = new Client({ connection: await Connection.connect({ address: server.address }) });
  taskQueue = `upgrade-${randomUUID()}`;
  rollouts = new RolloutClient(temporal, taskQueue);
});

afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  await temporal.connection.close();
  await Promise.all([sim.close(), server.stop()]);
});

/** Rollouts brought to `scheduled` (installAt in an hour) by a worker that then stops. */
async function scheduledRollouts(): Promise<string[]> {
  const connection = await NativeConnection.connect({ address: server.address });
  const earlier = await createTestWorker({
    connection,
    taskQueue,
    workflowCodePath: inject('workflowCodePath'),
    activities: createActivities(clientFor(sim), { pollPolicy: scalePolicy(DEFAULT_POLL_POLICY, SPEED) }),
  });
  const running = earlier.run();
  await makeTestWorkerCurrent(connection, taskQueue);
  const installAt = new Date(Date.now() + 3_600_000).toISOString();
  const ids = await Promise.all(
    [301, 302].map(async (imageId, i) => {
      const input = { accountServiceId: ASID, imageId, machineId: 7, installAt, ...(i ? { fullEvery: 3 } : {}) };
      return (await rollouts.startRollout(input)).workflowId;
    }),
  );
  for (const id of ids) await waitForStatus(rollouts, id, (s) => s.phase === 'scheduled', 60_000, 100);
  earlier.shutdown();
  await running;
  await connection.close();
  return ids;
}

/** The new worker, as `npm run worker` runs it, on the same version as the one that stopped. */
async function startNewWorker(env: Record<string, string> = {}): Promise<WorkerProcess> {
  return startWorkerProcess(resolve(__dirname, '../../src/worker.ts'), {
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    CLANFORGE_BASE_URL: sim.url,
    CLANFORGE_ACCESS_KEY: ACCESS,
    CLANFORGE_SECRET_KEY: SECRET,
    CLANFORGE_POLL_SCALE: String(SPEED),
    LOG_LEVEL: 'info',
    ...env,
  });
}

const searchAttributeLine = (w: WorkerProcess) =>
  waitFor(
    () => w.output(),
    (output) => /registered search attributes|lacks search attributes/.test(output),
    { what: 'the search attribute line in the worker log', timeoutMs: 20_000 },
  );

describe('an existing namespace after an upgrade', () => {
  it(
    'the new worker registers what the namespace lacks, says so, and waiting rollouts complete',
    { timeout: 120_000 },
    async () => {
      const ids = await scheduledRollouts();
      worker = await startNewWorker();
      expect(await searchAttributeLine(worker)).toContain(
        'registered search attributes ReleaseId, ClanforgeFullImage, ClanforgeFleetId in namespace default',
      );
      for (const id of ids) await rollouts.proceedNow(id);
      for (const id of ids) expect((await rollouts.result(id)).phase).toBe('completed');
      for (const id of ids) expect((await rollouts.getRollout(id)).warnings ?? []).toEqual([]);
      // Both versions are marked in visibility, so a later fullEvery counts them.
      await waitFor(
        async () => (await temporal.workflow.count(`ClanforgeFullImage = false`)).count,
        (count) => count === ids.length,
        { what: 'both rollouts marked ClanforgeFullImage=false in visibility' },
      );
    },
  );

  it(
    'where the worker may not register them, rollouts skip the missing attribute, complete, and name it in their status with the command',
    { timeout: 120_000 },
    async () => {
      const ids = await scheduledRollouts();
      worker = await startNewWorker({ CLANFORGE_REGISTER_SEARCH_ATTRIBUTES: 'false' });
      expect(await searchAttributeLine(worker)).toContain(
        searchAttributeCreateCommand('default', 'ClanforgeFullImage'),
      );
      for (const id of ids) await rollouts.proceedNow(id);
      for (const id of ids) {
        const result = await rollouts.result(id);
        expect(result.phase).toBe('completed');
        const status = await rollouts.getRollout(id);
        expect(status.warnings).toEqual([
          `search attribute ClanforgeFullImage is not registered in namespace default, so it was not set (fullEvery cannot count this version); create it: ${searchAttributeCreateCommand('default', 'ClanforgeFullImage')}`,
        ]);
      }
      const counted = await rollouts.result(ids[1]!);
      expect(counted.fullImage?.why).toBe(
        'fullEvery 3: not counted, search attribute ClanforgeFullImage is not registered',
      );
    },
  );
});
