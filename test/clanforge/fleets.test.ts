import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClanforgeClient } from '../../src/clanforge/client';
import type { RunningSimulator } from '../../src/simulator/server';
import { fleetsDoc, FLEET_ASID } from '../simulator/fleets-support';
import { clanforgeFailure } from '../support/clanforgeFailure';
import { admin, clientFor, startTestSimulator } from '../support/simulator';

let sim: RunningSimulator;
let client: ClanforgeClient;
let nextUuid = 1;
const uuid = () => `0c6f4b1e-1111-4000-8000-${String(nextUuid++).padStart(12, '0')}`;

// Speed 600: a server restart (20-60 s) takes 33-100 ms of wall clock.
beforeAll(async () => {
  sim = await startTestSimulator({ speed: 600, fleets: fleetsDoc() });
  client = clientFor(sim);
});
afterAll(() => sim.close());
beforeEach(async () => {
  await admin(sim).reset();
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 1_000; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not reached');
}

describe('ClanforgeClient fleet endpoints', () => {
  it('switch a reservation fleet and follow it to complete', async () => {
    expect(await client.fleetSwitchStatus('f-res')).toEqual({
      serversPending: 0,
      serversProcessed: 0,
      profileId: 501,
      state: 'not requested',
    });
    const started = await client.fleetSwitchProfile({
      fleetId: 'f-res',
      profileId: 502,
      timeout: '30m',
      maxMachines: 3,
    });
    expect(started).toMatchObject({ state: 'pending', serversPending: 40, serversProcessed: 0, profileId: 502 });
    expect(Date.parse(started.deadline ?? '')).toBeGreaterThan(Date.now());
    const done = await until(
      () => client.fleetSwitchStatus('f-res'),
      (s) => s.state === 'complete',
    );
    expect(done).toMatchObject({ serversPending: 0, serversProcessed: 40, profileId: 502 });
    const onNew = await client.serverList({ accountServiceId: FLEET_ASID, profileId: 502, active: true });
    expect(onNew).toHaveLength(40);
    expect(onNew[0]).toMatchObject({ profileId: 502, active: 1, adminLocked: false });
    expect(onNew[0]?.allocatedUuid).toBeUndefined();
    expect(typeof onNew[0]?.queryPort).toBe('number');
    const one = await client.serverStatus(onNew[0]!.serverId, true);
    expect(one).toMatchObject({
      serverId: onNew[0]!.serverId,
      active: 1,
      adminLocked: false,
      queryInfo: { players: 0 },
    });
    expect(one.queryPort).toBe(onNew[0]!.queryPort);
  });

  it('profile list', async () => {
    const profiles = await client.profileList({ accountServiceId: FLEET_ASID, profileIds: [501, 502] });
    expect(profiles).toEqual([
      expect.objectContaining({ profileId: 501, fleetId: 'f-res', name: 'game A', gameVersionId: 800501 }),
      expect.objectContaining({ profileId: 502, fleetId: 'f-res', name: 'game B' }),
    ]);
  });

  it('allocate v1 and v2, poll, list by age, deallocate v1 and v2', async () => {
    const a = uuid();
    const b = uuid();
    expect(await client.serverAllocate({ fleetId: 'f-alloc', regionId: '1', profileId: 602, uuid: a })).toMatchObject({
      uuid: a,
      profileId: 602,
      fleetId: 'f-alloc',
    });
    const pending = (await client.serverAllocations('f-alloc', [a]))[0];
    expect(pending).toMatchObject({ uuid: a, serverId: undefined, fulfilled: undefined });
    await client.fleetServerAllocate({ fleetId: 'f-alloc', regionId: '2', profileId: 601, uuid: b, payload: 'map=x' });
    const both = await until(
      () => client.serverAllocations('f-alloc', [a, b]),
      (list) => list.every((x) => x.fulfilled !== undefined),
    );
    expect(both.map((x) => typeof x.serverId)).toEqual(['number', 'number']);
    expect((await client.fleetAllocations({ fleetId: 'f-alloc', age: '0s', limit: 10 })).map((x) => x.uuid)).toEqual([
      a,
      b,
    ]);
    expect(await client.serverDeallocate(a)).toBe(a);
    expect(await client.fleetServerDeallocate('f-alloc', b)).toBe(b);
    expect(await client.serverList({ accountServiceId: FLEET_ASID, allocated: true })).toEqual([]);
  });

  it('errors: typed, naming the endpoint and ids, never the credentials', async () => {
    const bad = await clanforgeFailure(client.fleetSwitchProfile({ fleetId: 'f-res', profileId: 502, timeout: '30' }));
    expect(bad).toMatchObject({ type: 'ClanforgeRejected', httpStatus: 400, mayHaveTakenEffect: false });
    expect(bad.message).toContain('v2/fleet/switchprofile [fleetid=f-res profileid=502]');
    expect(bad.apiMessage).toMatch(/Timeout must be a positive duration/);
    const kind = await clanforgeFailure(
      client.fleetSwitchProfile({ fleetId: 'f-alloc', profileId: 602, timeout: '5m' }),
    );
    expect(kind).toMatchObject({ type: 'ClanforgeRejected', httpStatus: 409 });
    expect((await clanforgeFailure(client.fleetSwitchStatus('nope'))).type).toBe('ClanforgeNotFound');
    expect((await clanforgeFailure(client.serverAllocations('f-alloc', [uuid()]))).type).toBe('ClanforgeNotFound');
    // v1: the error envelope on HTTP 200 is still an error.
    const dup = uuid();
    await client.serverAllocate({ fleetId: 'f-alloc', regionId: '1', profileId: 601, uuid: dup });
    const again = await clanforgeFailure(
      client.serverAllocate({ fleetId: 'f-alloc', regionId: '1', profileId: 601, uuid: dup }),
    );
    expect(again).toMatchObject({ type: 'ClanforgeRejected', httpStatus: 200 });
    expect((await clanforgeFailure(clientFor(sim, { secret: 'wrong' }).fleetSwitchStatus('f-res'))).type).toBe(
      'ClanforgeAuthError',
    );
  });

  it('a lost answer to the switch: ClanforgeUnavailable that may have taken effect; the status shows the switch', async () => {
    await admin(sim).setFaults({ lostResponse: 1 });
    const lost = await clanforgeFailure(
      client.fleetSwitchProfile({ fleetId: 'f-res', profileId: 502, timeout: '30m' }),
    );
    expect(lost).toMatchObject({ type: 'ClanforgeUnavailable', mayHaveTakenEffect: true });
    await admin(sim).setFaults({});
    expect((await client.fleetSwitchStatus('f-res')).profileId).toBe(502);
    expect((await admin(sim).stats()).calls['v2/fleet/switchprofile']).toBe(1);
  });

  it('a body that is not the documented shape is ClanforgeBadResponse', async () => {
    await admin(sim).setFaults({ malformed: 1 });
    expect((await clanforgeFailure(client.fleetSwitchStatus('f-res'))).type).toBe('ClanforgeBadResponse');
    await admin(sim).setFaults({});
  });
});
