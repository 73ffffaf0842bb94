import { startTestSim, type TestSim } from './helpers';
import type { SimulatorOptions } from '../../src/simulator/options';

export const FLEET_ASID = 1001;

/** One reservation fleet of 10 machines x 4 servers (profiles 501 live / 502), one allocation fleet. */
export function fleetsDoc(machines = 10) {
  return {
    fleets: [
      {
        fleetId: 'f-res',
        accountServiceId: FLEET_ASID,
        kind: 'reservation',
        machines,
        serversPerMachine: 4,
        liveProfileId: 501,
        profiles: [
          { profileId: 501, imageId: 42, name: 'game A' },
          { profileId: 502, imageId: 43, name: 'game B' },
        ],
      },
      {
        fleetId: 'f-alloc',
        accountServiceId: FLEET_ASID,
        kind: 'allocation',
        machines: 3,
        serversPerMachine: 2,
        liveProfileId: 601,
        profiles: [
          { profileId: 601, imageId: 52 },
          { profileId: 602, imageId: 53 },
        ],
      },
    ],
  };
}

export function startFleetSim(options: SimulatorOptions = {}, machines = 10): Promise<TestSim> {
  return startTestSim({ fleets: fleetsDoc(machines), ...options });
}

export const switchTo = (t: TestSim, body: unknown, fleetId = 'f-res') =>
  t.call('PATCH', `v2/fleet/${fleetId}/switchprofile`, { body });
export const switchStatus = (t: TestSim, fleetId = 'f-res') => t.call('GET', `v2/fleet/${fleetId}/switchprofile`);
export const fleetTruth = async (t: TestSim, fleetId = 'f-res') => (await t.admin('GET', `fleets/${fleetId}`)).body;

/** Moves the clock in steps until the switch is complete; returns what each step saw. */
export async function followSwitch(t: TestSim, stepMs = 5_000, maxSteps = 2_000) {
  const seen: { state: string; pending: number; processed: number; restarting: number }[] = [];
  for (let i = 0; i < maxSteps; i++) {
    const status = (await switchStatus(t)).body;
    const truth = await fleetTruth(t);
    seen.push({
      state: status.State as string,
      pending: status.ServersPending as number,
      processed: status.ServersProcessed as number,
      restarting: truth.restarting as number,
    });
    if (status.State === 'complete') return seen;
    t.clock.advance(stepMs);
  }
  throw new Error('switch did not complete');
}
