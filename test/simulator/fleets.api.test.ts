import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs, resolveOptions } from '../../src/simulator/options';
import { basic, finish, type TestSim } from './helpers';
import { FLEET_ASID, fleetsDoc, fleetTruth, startFleetSim, switchTo } from './fleets-support';

let t: TestSim;
afterEach(async () => t.close());

const uuid = (n: number) => `6f1c2a9e-0000-4000-8000-${String(n).padStart(12, '0')}`;
const allocate = (n: number, profileid: number, regionid = '1') =>
  t.get('server/allocate', { fleetid: 'f-alloc', regionid, profileid, uuid: uuid(n) });
const poll = (...ns: number[]) =>
  t.call('GET', 'v1/server/allocations', { params: { fleetid: 'f-alloc', uuid: ns.map(uuid) } });

describe('profiles and servers', () => {
  it('profile list: the ASID profiles with their fleet, filtered by profileid', async () => {
    t = await startFleetSim();
    const all = await t.get('profile/list', { accountserviceid: FLEET_ASID });
    expect(all.body.profiles.map((p: { profileid: number }) => p.profileid)).toEqual([501, 502, 601, 602]);
    expect(all.body.profiles[1]).toEqual({
      profileid: 502,
      gameversionid: 800502,
      name: 'game B',
      modid: 1,
      gameid: 900000 + FLEET_ASID,
      gametype_identifier: 'default',
      fleetid: 'f-res',
    });
    const some = await t.call('GET', 'v1/profile/list', {
      params: { accountserviceid: FLEET_ASID, profileid: [501, 602], settings: 'true' },
    });
    expect(some.body.profiles.map((p: { profileid: number }) => p.profileid)).toEqual([501, 602]);
    expect(some.body.profiles[0].settings).toMatchObject({ image: '42' });
    expect((await t.get('profile/list', { accountserviceid: 2 })).body.profiles).toEqual([]);
  });

  it('server list (profileid, allocated, active filters) and server status with their documented types', async () => {
    t = await startFleetSim();
    const list = await t.get('server/list', { accountserviceid: FLEET_ASID, profileid: 501 });
    expect(list.body).toMatchObject({ success: true, messages: [] });
    expect(list.body.servers).toHaveLength(40);
    const first = list.body.servers[0];
    expect(first).toMatchObject({ active: true, admin_locked: '0', allocated_uuid: '', profileid: 501 });
    expect(typeof first.query_port).toBe('number');
    const status = await t.get(`server/${first.serverid}/status`, { query_info: 'true' });
    expect(status.body.server).toMatchObject({
      serverid: first.serverid,
      machineid: first.machineid,
      active: 1,
      admin_locked: 0,
      query_port: String(first.query_port),
      query_info: { players: 0, max_players: 16 },
    });
    await t.admin('POST', 'fleets/f-res/reserve', { count: 3 });
    const busy = await t.get('server/list', { accountserviceid: FLEET_ASID, profileid: 501, allocated: 1 });
    expect(busy.body.servers).toHaveLength(3);
    const idle = await t.get('server/list', { accountserviceid: FLEET_ASID, profileid: 501, allocated: 0 });
    expect(idle.body.servers).toHaveLength(37);
    const some = await t.call('GET', 'v1/server/list', {
      params: { accountserviceid: FLEET_ASID, serverid: `${first.serverid},${first.serverid + 1}` },
    });
    expect(some.body.servers).toHaveLength(2);
    await switchTo(t, { ProfileID: 502, Timeout: '30m' });
    t.clock.advance(15_000);
    const restarting = await t.get('server/list', { accountserviceid: FLEET_ASID, profileid: 502, active: 0 });
    expect(restarting.body.servers.length).toBe(37);
    expect((await t.get(`server/${restarting.body.servers[0].serverid}/status`)).body.server.active).toBe(2);
  });

  it('a server starts a profile only where its image finished installing; installs go to the fleet machines', async () => {
    t = await startFleetSim({}, 2);
    const diff = await t.get('imagediff/create', { accountserviceid: FLEET_ASID, imageid: 43, machineid: 7 });
    finish(t, diff.body.diffid);
    const version = await t.get('imageversion/create', {
      accountserviceid: FLEET_ASID,
      diffid: diff.body.diffid,
      restart: 0,
      game_build: 'b-2',
    });
    finish(t, version.body.imageversionid);
    const installs = (await t.get('imageinstall/status', { accountserviceid: FLEET_ASID })).body.installs;
    const machines = [
      ...new Set(
        (await t.get('server/list', { accountserviceid: FLEET_ASID, profileid: 501 })).body.servers.map(
          (s: { machineid: number }) => s.machineid,
        ),
      ),
    ];
    expect(installs.map((i: { machine: number }) => i.machine).sort()).toEqual(machines.sort());
    // Switch before the installs are done: the servers restart but cannot start the image.
    await switchTo(t, { ProfileID: 502, Timeout: '30m' });
    t.clock.advance(70_000);
    expect(await fleetTruth(t)).toMatchObject({ serversByProfile: { '502': 8 }, active: 0 });
    // While the installs run on their machines, the servers there are admin-locked.
    t.clock.t = Math.max(t.clock.t, ...installs.map((i: { jobid: number }) => t.job(i.jobid).timeline.runningAt + 1));
    expect(await fleetTruth(t)).toMatchObject({ adminLocked: 8 });
    expect(
      (await t.get('server/list', { accountserviceid: FLEET_ASID, profileid: 502 })).body.servers[0].admin_locked,
    ).toBe('1');
    for (const install of installs) finish(t, install.jobid);
    t.clock.advance(2 * 60_000);
    expect(await fleetTruth(t)).toMatchObject({ serversByProfile: { '502': 8 }, active: 8, failed: 0, adminLocked: 0 });
    // The profile now reports that version and its build.
    const listed = await t.get('profile/list', { accountserviceid: FLEET_ASID, game_build: 'b-2' });
    expect(listed.body.profiles).toMatchObject([{ profileid: 502, gameversionid: version.body.imageversionid }]);
  });
});

describe('allocations (allocation fleet)', () => {
  it('allocate on the live profile, then on the new one: servers restart onto it; the old ones drain', async () => {
    t = await startFleetSim();
    for (const n of [1, 2])
      expect((await allocate(n, 601)).body).toMatchObject({
        success: true,
        allocation: { uuid: uuid(n), profileid: 601, fleetid: 'f-alloc' },
      });
    const polled = await poll(1, 2);
    expect(polled.body.allocations).toHaveLength(2);
    expect(polled.body.allocations[0]).toMatchObject({ uuid: uuid(1), profileid: 601, regionid: '1' });
    expect(polled.body.allocations[0].fulfilled).not.toBe('');
    expect(typeof polled.body.allocations[0].serverid).toBe('number');

    await allocate(3, 602, '2');
    const pending = (await poll(3)).body.allocations[0];
    expect(pending).toMatchObject({ fulfilled: '', serverid: '', ip: '' });
    expect(await fleetTruth(t, 'f-alloc')).toMatchObject({ liveProfileId: 602, restarting: 1, allocated: 3 });
    t.clock.advance(61_000);
    const done = (await poll(3)).body.allocations[0];
    expect(done.fulfilled).not.toBe('');
    expect((await t.get(`server/${done.serverid}/status`)).body.server).toMatchObject({ profileid: 602, active: 1 });

    const onOld = () => t.get('server/list', { accountserviceid: FLEET_ASID, profileid: 601, allocated: 1 });
    expect((await onOld()).body.servers).toHaveLength(2);
    expect((await t.get('server/deallocate', { fleetid: 'f-alloc', uuid: uuid(1) })).body).toEqual({
      success: true,
      messages: [],
      uuid: uuid(1),
    });
    const v2 = await t.call('POST', 'v2/fleet/f-alloc/server/deallocate', { params: { uuid: uuid(2) } });
    expect(v2.body).toMatchObject({ success: true, uuid: uuid(2) });
    expect((await onOld()).body.servers).toHaveLength(0);
    expect(await fleetTruth(t, 'f-alloc')).toMatchObject({ allocated: 1 });
    expect((await poll(1)).status).toBe(404);
  });

  it('v2 allocate takes a payload in the body; fleet allocations lists live ones by age', async () => {
    t = await startFleetSim();
    const v2 = await t.call('POST', 'v2/fleet/f-alloc/server/allocate', {
      params: { regionid: '1', profileid: 601, uuid: uuid(9) },
      body: 'map=dust',
    });
    expect(v2.status).toBe(200);
    expect(v2.body.allocation).toMatchObject({ uuid: uuid(9) });
    t.clock.advance(10 * 60_000);
    await allocate(10, 601, '3');
    const old = await t.call('GET', 'v2/fleet/f-alloc/allocations', { params: { age: '5m' } });
    expect(old.body).toHaveLength(1);
    expect(old.body[0]).toMatchObject({ uuid: uuid(9), requestid: '1' });
    const all = await t.call('GET', 'v2/fleet/f-alloc/allocations', {
      params: { age: '0s', limit: 50, empty: 'true' },
    });
    expect(all.body.map((a: { uuid: string }) => a.uuid)).toEqual([uuid(9), uuid(10)]);
    const big = await t.call('POST', 'v2/fleet/f-alloc/server/allocate', {
      params: { regionid: '1', profileid: 601, uuid: uuid(11) },
      body: 'x'.repeat(31 * 1024),
    });
    expect(big.status).toBe(400);
    expect(big.body.error_message).toMatch(/30 KB/);
  });

  it('no free server: the allocation carries an error', async () => {
    t = await startFleetSim();
    for (const n of [1, 2]) await allocate(n, 601);
    await allocate(3, 601);
    expect((await poll(3)).body.allocations[0].error).toBe('no capacity available');
  });
});

describe('bad input and access', () => {
  it('switchprofile: each bad field is named; v2 errors are HTTP statuses with the envelope', async () => {
    t = await startFleetSim();
    const cases: [unknown, number, RegExp, string?][] = [
      ['not json', 400, /body must be JSON/],
      [{ Timeout: '5m' }, 400, /ProfileID must be a positive integer/],
      [{ ProfileID: 502 }, 400, /Timeout is required/],
      [{ ProfileID: 502, Timeout: '30' }, 400, /Timeout must be a positive duration with a unit/],
      [{ ProfileID: 502, Timeout: '-5m' }, 400, /Timeout must be/],
      [{ ProfileID: 502, Timeout: '5m', MaxMachines: 0 }, 400, /MaxMachines must be an integer >= 1/],
      [{ ProfileID: 999, Timeout: '5m' }, 404, /profileid 999 not found/],
      [{ ProfileID: 601, Timeout: '5m' }, 409, /profileid 601 belongs to fleet f-alloc/],
      [{ ProfileID: 602, Timeout: '5m' }, 409, /fleet f-alloc is not reservation-based/, 'f-alloc'],
      [{ ProfileID: 502, Timeout: '5m' }, 404, /fleetid nope not found/, 'nope'],
    ];
    for (const [body, status, message, fleet] of cases) {
      const reply = await switchTo(t, body, fleet);
      expect({ status: reply.status, message: reply.body.error_message }).toEqual({
        status,
        message: expect.stringMatching(message),
      });
      expect(reply.body).toMatchObject({ success: false, error: true });
    }
    // Go decodes JSON field names case-insensitively.
    expect((await switchTo(t, { profileid: 502, timeout: '1h30m' })).body.State).toBe('pending');
    expect((await t.call('DELETE', 'v2/fleet/f-res/switchprofile')).headers.get('allow')).toBe('PATCH, GET');
  });

  it('credentials: 401 without them; keys limited to another ASID see the fleet as unknown', async () => {
    t = await startFleetSim({ credentials: ['sim-access:sim-secret', 'other:key@2'] });
    expect((await t.call('GET', 'v2/fleet/f-res/switchprofile', { authorization: null })).status).toBe(401);
    const foreign = await t.call('GET', 'v2/fleet/f-res/switchprofile', { authorization: basic('other', 'key') });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error_message).toBe('fleetid f-res not found');
    const server = (await t.get('server/list', { accountserviceid: FLEET_ASID })).body.servers[0].serverid as number;
    expect((await t.get(`server/${server}/status`, {}, basic('other', 'key'))).body.error_message).toBe(
      `serverid ${server} not found`,
    );
  });

  it('allocation params: uuid, region, profile, kind, duplicates, age and limit', async () => {
    t = await startFleetSim();
    const v1 = async (params: Record<string, string | number>) =>
      (await t.get('server/allocate', { fleetid: 'f-alloc', regionid: '1', profileid: 601, uuid: uuid(1), ...params }))
        .body.error_message;
    expect(await v1({ uuid: 'abc' })).toMatch(/uuid must be a UUID/);
    expect(await v1({ regionid: '9' })).toMatch(/regionid 9 not found in fleet f-alloc/);
    expect(await v1({ profileid: 501 })).toMatch(/belongs to fleet f-res/);
    expect(await v1({ fleetid: 'f-res', profileid: 501 })).toMatch(/fleet f-res is not allocation-based/);
    expect(await v1({})).toBeUndefined();
    expect(await v1({})).toMatch(/already used/);
    const bad = (params: Record<string, string | number>) => t.call('GET', 'v2/fleet/f-alloc/allocations', { params });
    expect((await bad({})).body.error_message).toMatch(/missing required parameter: age/);
    expect((await bad({ age: '24' })).status).toBe(400);
    expect((await bad({ age: '1h', limit: 5 })).body.error_message).toBe('limit must be between 10 and 50');
    expect((await t.get('server/deallocate', { uuid: uuid(77) })).body.error_message).toBe(
      `uuid ${uuid(77)} not found`,
    );
    expect((await t.call('POST', 'v2/fleet/f-alloc/server/deallocate', { params: { uuid: uuid(77) } })).status).toBe(
      404,
    );
  });

  it('--fleets FILE is read; a file that is not JSON is named', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'simfleets-'));
    const file = path.join(dir, 'fleets.json');
    writeFileSync(file, JSON.stringify(fleetsDoc()));
    const opts = resolveOptions(parseCliArgs(['--fleets', file]));
    expect(opts.fleets.map((f) => [f.fleetId, f.kind, f.machines * f.serversPerMachine])).toEqual([
      ['f-res', 'reservation', 40],
      ['f-alloc', 'allocation', 6],
    ]);
    writeFileSync(file, '{');
    expect(() => resolveOptions({ fleets: file })).toThrow(`--fleets: ${file} is not valid JSON`);
  });

  it('--fleets documents are checked, naming the field', async () => {
    const bad = (fleets: unknown) => () => resolveOptions({ fleets: fleets as { fleets: unknown[] } });
    expect(bad({})).toThrow(/"fleets" array/);
    expect(
      bad({
        fleets: [
          {
            fleetId: 'a',
            accountServiceId: 1,
            machines: 1,
            liveProfileId: 1,
            profiles: [{ profileId: 2, imageId: 3 }],
          },
        ],
      }),
    ).toThrow(/fleets\[0\]\.liveProfileId 1 is not one of the fleet's profiles/);
    expect(
      bad({ fleets: [{ fleetId: 'a', accountServiceId: 1, machines: 0, liveProfileId: 1, profiles: [] }] }),
    ).toThrow(/fleets\[0\]\.machines must be an integer >= 1/);
    expect(bad({ fleets: [{ fleetId: 'a', kind: 'x' }] })).toThrow(/fleets\[0\]\.kind must be/);
  });
});

describe('persistence', () => {
  it('fleet state and allocations survive a restart with --state-file', async () => {
    const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'simfleets-')), 'state.json');
    t = await startFleetSim({ stateFile });
    await switchTo(t, { ProfileID: 502, Timeout: '30m', MaxMachines: 2 });
    t.clock.advance(60_000);
    const before = await fleetTruth(t);
    await t.close();
    t = await startFleetSim({ stateFile });
    t.clock.t += 60_000;
    expect(await fleetTruth(t)).toEqual(before);
  });
});
