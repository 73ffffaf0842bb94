import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimFleetSummary, SimJob } from '../support/simulator';
import { sleep } from '../support/wait';
import { ChaosStack } from './stack';

// Issue 21: going live survives kill -9 of the worker mid-switch, a Temporal restart mid-bake and
// a lost PATCH answer, with exactly one switch request per intended switch.
const ASID = 7101;
const fleet = (fleetId: string, profiles: [number, number], images: [number, number]) => ({
  fleetId,
  accountServiceId: ASID,
  kind: 'reservation',
  machines: 10,
  serversPerMachine: 4,
  liveProfileId: profiles[0],
  profiles: [
    { profileId: profiles[0], imageId: images[0], name: 'A' },
    { profileId: profiles[1], imageId: images[1], name: 'B' },
  ],
});

let stack: ChaosStack;
beforeAll(async () => {
  stack = await ChaosStack.start({
    speed: 60,
    fleet: 2,
    fleets: { fleets: [fleet('f-crash', [501, 502], [42, 43]), fleet('f-lost', [701, 702], [72, 73])] },
  });
  await stack.startWorker();
});
afterAll(() => stack?.close());

const base = { accountServiceId: ASID, machineId: 7, gameBuild: 'b-2' };
const SWITCH = 'v2/fleet/switchprofile';

async function switchRequests(): Promise<number> {
  return (await stack.calls())[SWITCH] ?? 0;
}

const fleetOf = (fleetId: string) => stack.admin<SimFleetSummary>('GET', `fleets/${fleetId}`);

describe('cutover durability', () => {
  it(
    'kill -9 of the worker mid-switch and a Temporal restart mid-bake: completes with one switch request',
    { timeout: 360_000 },
    async () => {
      const before = await switchRequests();
      const { workflowId } = await stack.rollouts.startRollout({
        ...base,
        imageId: 43,
        cutover: { fleetId: 'f-crash', profileId: 502, maxMachines: 2, timeout: '30m', bakeMinutes: 0.5 },
      });
      const switching = await stack.waitForStatus(
        workflowId,
        (s) =>
          s.phase === 'cutting-over' && (s.cutover?.serversProcessed ?? 0) > 0 && (s.cutover?.serversPending ?? 0) > 0,
        240_000,
      );
      expect(switching.cutover).toMatchObject({ state: 'switching', previousProfileId: 501 });
      await stack.workers.at(-1)!.kill9();
      await stack.startWorker();

      await stack.waitForStatus(workflowId, (s) => s.phase === 'baking', 240_000);
      await stack.server.stop();
      await sleep(3_000);
      await stack.server.restart();

      const result = await stack.rollouts.result(workflowId);
      expect(result.phase).toBe('completed');
      expect(result.cutover).toMatchObject({ state: 'complete', rolledBack: false, serversProcessed: 40 });
      expect(await fleetOf('f-crash')).toMatchObject({
        liveProfileId: 502,
        serversByProfile: { '502': 40 },
        active: 40,
        switchesAccepted: 1,
      });
      expect((await switchRequests()) - before).toBe(1);
    },
  );

  it(
    'a PATCH whose answer is lost is resolved from the switch status: one switch accepted',
    { timeout: 300_000 },
    async () => {
      // Installs stall until completed by hand: the lost-response fault then hits only the PATCH
      // (the one create after the installs).
      await stack.admin('POST', 'faults', { 'stall.install': 1 });
      const before = await switchRequests();
      const { workflowId } = await stack.rollouts.startRollout({
        ...base,
        imageId: 73,
        cutover: { fleetId: 'f-lost', profileId: 702, timeout: '30m', bakeMinutes: 0.05 },
      });
      const installs = async () =>
        (await stack.admin<{ jobs: SimJob[] }>('GET', 'jobs')).jobs.filter(
          (j) => j.kind === 'install' && j.imageid === 73,
        );
      await stack.waitForStatus(workflowId, (s) => s.phase === 'installing' && (s.installs?.open ?? 0) > 0, 240_000);
      let stalled = await installs();
      while (stalled.length === 0 || stalled.some((j) => j.statename !== 'Running')) {
        await sleep(200);
        stalled = await installs();
      }
      await stack.admin('POST', 'faults', { lostResponse: 1 });
      for (const job of stalled) await stack.admin('POST', `jobs/install/${job.id}/complete`);
      while ((await switchRequests()) === before) await sleep(50);
      await stack.admin('POST', 'faults', {});

      const result = await stack.rollouts.result(workflowId);
      expect(result.phase).toBe('completed');
      expect(result.cutover).toMatchObject({ state: 'complete', previousProfileId: 701, serversProcessed: 40 });
      expect(await fleetOf('f-lost')).toMatchObject({
        liveProfileId: 702,
        serversByProfile: { '702': 40 },
        switchesAccepted: 1,
      });
      expect((await switchRequests()) - before).toBe(1);
    },
  );
});
