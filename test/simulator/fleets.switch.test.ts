import { afterEach, describe, expect, it } from 'vitest';
import type { TestSim } from './helpers';
import { fleetTruth, followSwitch, startFleetSim, switchStatus, switchTo } from './fleets-support';

let t: TestSim;
afterEach(async () => t.close());

describe('fleet profile switch (reservation fleet)', () => {
  it('a 40-server fleet switched in batches of 3 machines ends with every server on the new profile', async () => {
    t = await startFleetSim();
    expect((await switchStatus(t)).body).toEqual({
      ServersPending: 0,
      ServersProcessed: 0,
      ProfileID: 501,
      State: 'not requested',
    });
    const patch = await switchTo(t, { ProfileID: 502, Timeout: '30m', MaxMachines: 3 });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ ServersPending: 40, ServersProcessed: 0, ProfileID: 502, State: 'pending' });
    expect(patch.body.Deadline).toBe('2026-01-01T12:30:00.00Z');

    const seen = await followSwitch(t);
    const states = [...new Set(seen.map((s) => s.state))];
    expect(states).toEqual(['pending', 'processing', 'complete']);
    // Never more than 3 machines (12 servers) restart at once, and a full batch did.
    expect(Math.max(...seen.map((s) => s.restarting))).toBe(12);
    // The counts only move one way and always add up to the fleet.
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.processed).toBeGreaterThanOrEqual(seen[i - 1]!.processed);
    expect(seen.every((s) => s.pending + s.processed === 40)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ pending: 0, processed: 40 });
    expect(await fleetTruth(t)).toMatchObject({
      liveProfileId: 502,
      serversByProfile: { '502': 40 },
      active: 40,
      restarting: 0,
      allocated: 0,
    });
  });

  it('without MaxMachines every empty server restarts at once', async () => {
    t = await startFleetSim();
    await switchTo(t, { ProfileID: 502, Timeout: '30m' });
    const seen = await followSwitch(t, 1_000);
    expect(Math.max(...seen.map((s) => s.restarting))).toBe(40);
  });

  it('busy servers wait for their session to end, then restart', async () => {
    t = await startFleetSim();
    const { serverIds } = (await t.admin('POST', 'fleets/f-res/reserve', { count: 2 })).body as { serverIds: number[] };
    await switchTo(t, { ProfileID: 502, Timeout: '2h', MaxMachines: 5 });
    t.clock.advance(20 * 60_000);
    expect((await switchStatus(t)).body).toMatchObject({
      State: 'processing',
      ServersPending: 2,
      ServersProcessed: 38,
    });
    expect(await fleetTruth(t)).toMatchObject({ serversByProfile: { '501': 2, '502': 38 }, reserved: 2 });
    await t.admin('POST', 'fleets/f-res/sessions/end', { serverIds: [serverIds[0]] });
    expect((await fleetTruth(t)).restarting).toBe(1);
    t.clock.advance(60_000);
    expect((await switchStatus(t)).body).toMatchObject({ State: 'processing', ServersPending: 1 });
    expect(await fleetTruth(t)).toMatchObject({ serversByProfile: { '501': 1, '502': 39 }, reserved: 1 });
  });

  it('at the Timeout the busy servers are force-restarted and their sessions end', async () => {
    t = await startFleetSim();
    await t.admin('POST', 'fleets/f-res/reserve', { count: 3 });
    await switchTo(t, { ProfileID: 502, Timeout: '10m', MaxMachines: 10 });
    t.clock.advance(9 * 60_000);
    expect((await switchStatus(t)).body).toMatchObject({ State: 'processing', ServersPending: 3 });
    t.clock.advance(60_000);
    expect(await fleetTruth(t)).toMatchObject({ restarting: 3, reserved: 0 });
    t.clock.advance(60_000);
    expect((await switchStatus(t)).body).toMatchObject({ State: 'complete', ServersPending: 0, ServersProcessed: 40 });
    expect(await fleetTruth(t)).toMatchObject({ serversByProfile: { '502': 40 }, active: 40, allocated: 0 });
  });

  it('Timeout is scaled by --speed like every simulated duration', async () => {
    t = await startFleetSim({ speed: 60 });
    const patch = await switchTo(t, { ProfileID: 502, Timeout: '1h' });
    expect(patch.body.Deadline).toBe('2026-01-01T12:01:00.00Z');
  });

  it('switching back mid-switch replaces the switch; the servers already moved come back', async () => {
    t = await startFleetSim();
    await switchTo(t, { ProfileID: 502, Timeout: '30m', MaxMachines: 2 });
    t.clock.advance(90_000);
    const moved = ((await fleetTruth(t)).serversByProfile as Record<string, number>)['502'] ?? 0;
    expect(moved).toBeGreaterThan(0);
    const back = await switchTo(t, { ProfileID: 501, Timeout: '30m', MaxMachines: 2 });
    expect(back.body).toMatchObject({ ProfileID: 501, State: 'pending' });
    await followSwitch(t);
    expect(await fleetTruth(t)).toMatchObject({ liveProfileId: 501, serversByProfile: { '501': 40 }, active: 40 });
  });

  it('a switch to the live profile with nothing running is complete at once with 0/0', async () => {
    t = await startFleetSim();
    expect((await switchTo(t, { ProfileID: 501, Timeout: '5m' })).body).toMatchObject({
      State: 'complete',
      ServersPending: 0,
      ServersProcessed: 0,
      ProfileID: 501,
    });
  });

  it('fault unhealthyProfiles: servers on the profile fail to start until it is lifted', async () => {
    t = await startFleetSim();
    expect((await t.admin('POST', 'faults', { unhealthyProfiles: [502] })).body.unhealthyProfiles).toEqual([502]);
    await switchTo(t, { ProfileID: 502, Timeout: '30m', MaxMachines: 5 });
    await followSwitch(t);
    // They keep trying: each is stopped (failed) or restarting, none is up.
    const truth = await fleetTruth(t);
    expect(truth).toMatchObject({ serversByProfile: { '502': 40 }, active: 0 });
    expect(truth.failed + truth.restarting).toBe(40);
    expect(truth.failed).toBeGreaterThan(0);
    const list = await t.get('server/list', { accountserviceid: 1001, profileid: 502, active: 1 });
    expect(list.body.servers).toEqual([]);
    await t.admin('POST', 'faults', {});
    t.clock.advance(2 * 60_000);
    expect(await fleetTruth(t)).toMatchObject({ active: 40, failed: 0 });
  });

  it('lostResponse on the PATCH: the switch happened once and the GET shows it', async () => {
    t = await startFleetSim({ faults: 'lostResponse=1' });
    await expect(switchTo(t, { ProfileID: 502, Timeout: '30m', MaxMachines: 3 })).rejects.toThrow();
    await t.admin('POST', 'faults', {});
    expect((await switchStatus(t)).body).toMatchObject({ ProfileID: 502, State: 'pending', ServersPending: 40 });
    expect((await t.admin('GET', 'stats')).body.calls).toMatchObject({
      'v2/fleet/switchprofile': 1,
      'v2/fleet/switchprofile/status': 1,
    });
    expect((await fleetTruth(t)).switchesAccepted).toBe(1);
  });

  it('http5xx and rate429 on the PATCH switch nothing', async () => {
    t = await startFleetSim({ faults: 'http5xx=1' });
    expect([500, 502, 503]).toContain((await switchTo(t, { ProfileID: 502, Timeout: '30m' })).status);
    await t.admin('POST', 'faults', { rate429: 1 });
    expect((await switchTo(t, { ProfileID: 502, Timeout: '30m' })).status).toBe(429);
    await t.admin('POST', 'faults', {});
    expect((await switchStatus(t)).body.State).toBe('not requested');
    expect((await fleetTruth(t)).switchesAccepted).toBe(0);
  });
});
