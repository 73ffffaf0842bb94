import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../src/activities';
import { DEFAULT_POLL_POLICY, scalePolicy } from '../../src/activities/pollSchedule';
import { RolloutClient, type ReleaseStatus } from '../../src/client';
import { ClanforgeFullImage, ReleaseId, SEARCH_ATTRIBUTE_FLAGS } from '../../src/contract/searchAttributes';
import { checkSearchAttributes } from '../../src/service/searchAttributeCheck';
import type { RunningSimulator } from '../../src/simulator/server';
import { DevServer } from '../../src/temporal/devServer';
import { missingSearchAttributes } from '../../src/temporal/ensureSearchAttributes';
import { quietTemporalRuntime } from '../support/quietRuntime';
import { clientFor, startTestSimulator } from '../support/simulator';
import { createTestWorker, makeTestWorkerCurrent } from '../support/testWorker';
import { waitFor } from '../support/wait';

// An upgrade onto a namespace set up for an earlier version: a dev server of its own with only
// the first four attributes (no ReleaseId, no ClanforgeFullImage). A rollout runs on a worker
// that does not touch the namespace (as the earlier version's did) until it waits in `scheduled`;
// then that worker stops and the new one starts, with its start-time check, on the same version.
const EARLIER = SEARCH_ATTRIBUTE_FLAGS.slice(0, 4);
const ASID = 5301;
const SPEED = 200;

interface Upgrade {
  rollouts: RolloutClient;
  operator: Connection;
  logs: string[];
}

/** The upgrade's setting, for the describe it is called in: server, simulator, the two workers. */
function useUpgrade(register: boolean): Upgrade {
  const state = {} as Upgrade & {
    server: DevServer;
    sim: RunningSimulator;
    native: NativeConnection;
    worker?: { worker: Worker; running: Promise<void> };
  };
  const startWorker = async (taskQueue: string) => {
    const worker = await createTestWorker({
      connection: state.native,
      taskQueue,
      workflowCodePath: inject('workflowCodePath'),
      activities: createActivities(clientFor(state.sim), { pollPolicy: scalePolicy(DEFAULT_POLL_POLICY, SPEED) }),
    });
    state.worker = { worker, running: worker.run() };
    await makeTestWorkerCurrent(state.native, taskQueue);
  };
  const stopWorker = async () => {
    state.worker?.worker.shutdown();
    await state.worker?.running;
    state.worker = undefined;
  };
  beforeAll(async () => {
    quietTemporalRuntime();
    state.server = await DevServer.start({ executable: inject('temporalCli'), searchAttributes: EARLIER });
    state.sim = await startTestSimulator({ seed: 11, speed: SPEED, fleet: 2, mirrors: 0 });
    state.native = await NativeConnection.connect({ address: state.server.address });
    state.operator = await Connection.connect({ address: state.server.address });
    const taskQueue = `rollout-${randomUUID()}`;
    state.rollouts = new RolloutClient(new Client({ connection: state.operator }), taskQueue);

    await startWorker(taskQueue);
    await state.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: 1,
      machineId: 7,
      installAt: Math.floor(Date.now() / 1000) + 10,
    });
    await waitForPhase(state.rollouts, `rollout-${ASID}-1`, 'scheduled');
    await stopWorker();

    // The new worker: its start-time check, as createRolloutWorker runs it, then its Worker.
    state.logs = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          state.logs.push(String(chunk));
          done();
        },
      }),
    );
    await checkSearchAttributes(state.native.operatorService, 'default', logger, register);
    await startWorker(taskQueue);
  });
  afterAll(async () => {
    await stopWorker();
    await state.native?.close();
    await state.operator?.close();
    await state.sim?.close();
    await state.server?.stop();
  });
  return state;
}

function waitForPhase(rollouts: RolloutClient, workflowId: string, phase: string) {
  return waitFor(
    () => rollouts.getRollout(workflowId),
    (s) => s.phase === phase,
    {
      what: `${workflowId} ${phase}`,
      everyMs: 150,
    },
  );
}

function waitForRelease(rollouts: RolloutClient, id: string, phase: ReleaseStatus['phase']) {
  return waitFor(
    () => rollouts.getRelease(id),
    (s) => s.phase === phase,
    { what: `release ${id}`, everyMs: 150 },
  );
}

const releaseInput = (releaseId: string, imageId: number) => ({
  releaseId,
  images: [{ accountServiceId: ASID, imageId, machineId: 7, wave: 1 }],
});

describe('an upgrade where the server allows registering (self-hosted, dev server)', () => {
  const u = useUpgrade(true);

  it('the worker registers the two attributes and says so; the rollout waiting in scheduled completes and records its version', async () => {
    expect(u.logs.join('')).toContain(
      'registered search attributes ReleaseId, ClanforgeFullImage in namespace default',
    );
    expect(await missingSearchAttributes(u.operator.operatorService, 'default')).toEqual([]);

    const result = await u.rollouts.result(`rollout-${ASID}-1`);
    expect(result.phase).toBe('completed');
    const status = await u.rollouts.getRollout(`rollout-${ASID}-1`);
    expect(status.warnings ?? []).toEqual([]);
    const described = await u.rollouts.handle(`rollout-${ASID}-1`).describe();
    expect(described.typedSearchAttributes.get(ClanforgeFullImage)).toBe(false);
  });

  it('a release completes with ReleaseId on itself and on its rollout', async () => {
    await u.rollouts.startRelease(releaseInput('after-upgrade', 2));
    const status = await waitForRelease(u.rollouts, 'after-upgrade', 'completed');
    expect(status.warnings).toBeUndefined();
    for (const id of ['release-after-upgrade', `rollout-${ASID}-2`]) {
      const described = await u.rollouts.handle(id).describe();
      expect(described.typedSearchAttributes.get(ReleaseId)).toBe('after-upgrade');
    }
  });
});

describe('an upgrade where the worker may not register (CLANFORGE_REGISTER_SEARCH_ATTRIBUTES=false, as on Temporal Cloud without the permission)', () => {
  const u = useUpgrade(false);
  const command = (name: string, type: string) =>
    `temporal operator search-attribute create --namespace default --name ${name} --type ${type}`;

  it('the worker logs what is missing and how to add it; the rollout waiting in scheduled completes, its status naming the attribute and the command', async () => {
    const log = u.logs.join('');
    expect(log).toContain('namespace default lacks search attributes ReleaseId, ClanforgeFullImage');
    expect(log).toContain(command('ClanforgeFullImage', 'Bool'));

    const result = await u.rollouts.result(`rollout-${ASID}-1`);
    expect(result.phase).toBe('completed');
    const status = await u.rollouts.getRollout(`rollout-${ASID}-1`);
    expect(status.warnings).toEqual([
      expect.stringContaining('search attribute ClanforgeFullImage is not registered in namespace default'),
    ]);
    expect(status.warnings![0]).toContain(command('ClanforgeFullImage', 'Bool'));
    expect(await missingSearchAttributes(u.operator.operatorService, 'default')).toEqual([
      'ReleaseId',
      'ClanforgeFullImage',
    ]);
  });

  it('a release completes without ReleaseId, its status naming it and the command', async () => {
    await u.rollouts.startRelease(releaseInput('no-release-id', 3));
    const status = await waitForRelease(u.rollouts, 'no-release-id', 'completed');
    expect(status.images.map((i) => i.phase)).toEqual(['completed']);
    expect(status.warnings).toEqual([expect.stringContaining('search attribute ReleaseId is not registered')]);
    expect(status.warnings![0]).toContain(command('ReleaseId', 'Keyword'));
    const child = await u.rollouts.handle(`rollout-${ASID}-3`).describe();
    expect(child.typedSearchAttributes.get(ReleaseId)).toBeUndefined();
  });
});
