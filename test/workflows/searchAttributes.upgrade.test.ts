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
// the first four attributes (no ReleaseId, no ClanforgeFullImage). A release is started while no
// worker runs; then the new worker starts with its start-time check, and the release runs its
// child rollout. (Rollouts waiting in `scheduled` across the upgrade: test/deploy/searchAttributeUpgrade.test.ts.)
const EARLIER = SEARCH_ATTRIBUTE_FLAGS.slice(0, 4);
const ASID = 5301;
const SPEED = 200;
const RELEASE = 'across-upgrade';

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

    await state.rollouts.startRelease(releaseInput(RELEASE, 1));

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

  it('the worker registers ReleaseId and says so; the release started before it completes with ReleaseId on itself and its rollout', async () => {
    // First what the issue is about: the release goes on (before, its start was refused).
    const status = await waitForRelease(u.rollouts, RELEASE, 'completed');
    expect(status.images.map((i) => i.phase)).toEqual(['completed']);
    expect(status.warnings).toBeUndefined();
    expect(u.logs.join('')).toContain(
      'registered search attributes ReleaseId, ClanforgeFullImage, ClanforgeFleetId in namespace default',
    );
    expect(await missingSearchAttributes(u.operator.operatorService, 'default')).toEqual([]);
    for (const id of [`release-${RELEASE}`, `rollout-${ASID}-1`]) {
      const described = await u.rollouts.handle(id).describe();
      expect(described.typedSearchAttributes.get(ReleaseId)).toBe(RELEASE);
    }
    const rollout = await u.rollouts.handle(`rollout-${ASID}-1`).describe();
    expect(rollout.typedSearchAttributes.get(ClanforgeFullImage)).toBe(false);
  });
});

describe('an upgrade where the worker may not register (CLANFORGE_REGISTER_SEARCH_ATTRIBUTES=false, as on Temporal Cloud without the permission)', () => {
  const u = useUpgrade(false);
  const command = (name: string, type: string) =>
    `temporal operator search-attribute create --namespace default --name ${name} --type ${type}`;

  it("the worker logs what is missing; the release completes without ReleaseId, its status and its rollout's naming each attribute and the command", async () => {
    const status = await waitForRelease(u.rollouts, RELEASE, 'completed');
    expect(status.images.map((i) => i.phase)).toEqual(['completed']);
    expect(status.warnings).toEqual([expect.stringContaining('search attribute ReleaseId is not registered')]);
    expect(status.warnings![0]).toContain(command('ReleaseId', 'Keyword'));
    expect(u.logs.join('')).toContain(
      'namespace default lacks search attributes ReleaseId, ClanforgeFullImage, ClanforgeFleetId',
    );

    const rollout = await u.rollouts.getRollout(`rollout-${ASID}-1`);
    expect(rollout.warnings).toEqual([expect.stringContaining(command('ClanforgeFullImage', 'Bool'))]);
    const child = await u.rollouts.handle(`rollout-${ASID}-1`).describe();
    expect(child.typedSearchAttributes.get(ReleaseId)).toBeUndefined();
    expect(child.raw.workflowExecutionInfo?.parentExecution?.workflowId).toBe(`release-${RELEASE}`);
    expect(await missingSearchAttributes(u.operator.operatorService, 'default')).toEqual([
      'ReleaseId',
      'ClanforgeFullImage',
      'ClanforgeFleetId',
    ]);
  });
});
