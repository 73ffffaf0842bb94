import type { Rng } from '../random';
import type { FleetSpec } from './config';
import { advanceFleet, type FleetEnv } from './engine';
import { InstallIndex } from './installs';
import { buildFleet, profileOf, type AllocationRecord, type SimFleet, type SimServer } from './model';

/** What the state file holds of the fleets. */
export interface FleetSnapshot {
  fleets: SimFleet[];
  allocations: AllocationRecord[];
  nextServerId: number;
  nextRequestId: number;
}

const FIRST_SERVER_ID = 300001;
/** Realistic restart of a game server (seconds) before --speed. */
const RESTART_S: [number, number] = [20, 60];

/** Fleets, their servers and allocations (`--fleets FILE`). */
export class FleetState {
  fleets = new Map<string, SimFleet>();
  allocations = new Map<string, AllocationRecord>();
  nextServerId = FIRST_SERVER_ID;
  nextRequestId = 1;
  private byServerId: Map<number, { fleet: SimFleet; server: SimServer }> | null = null;

  /** A server and its fleet by server id. */
  server(serverid: number): { fleet: SimFleet; server: SimServer } | undefined {
    if (!this.byServerId) {
      this.byServerId = new Map();
      for (const fleet of this.fleets.values())
        for (const server of fleet.servers) this.byServerId.set(server.serverid, { fleet, server });
    }
    return this.byServerId.get(serverid);
  }

  /** Builds the configured fleets; machine ids come from the store's machine counter. */
  build(specs: readonly FleetSpec[], nextMachineId: () => number, now: number): void {
    this.fleets.clear();
    this.allocations.clear();
    this.nextServerId = FIRST_SERVER_ID;
    this.nextRequestId = 1;
    this.byServerId = null;
    for (const spec of specs) {
      const fleet = buildFleet(spec, { machine: nextMachineId, server: () => this.nextServerId++ }, now);
      this.fleets.set(fleet.fleetId, fleet);
    }
  }

  /** Machines of the fleets that use this image on one of their profiles (null: no fleet does). */
  machinesOfImage(asid: number, imageid: number): number[] | null {
    const machines: number[] = [];
    for (const fleet of this.fleets.values()) {
      if (fleet.asid !== asid || !fleet.profiles.some((p) => p.imageId === imageid)) continue;
      for (const machine of fleet.machines) if (!machines.includes(machine.machineid)) machines.push(machine.machineid);
    }
    return machines.length > 0 ? machines : null;
  }

  /** Everything a fleet's clock needs; one install index for all fleets of this settle. */
  env(index: InstallIndex, rng: Rng, scaled: (ms: number) => number, unhealthy: readonly number[]): FleetEnv {
    return {
      restartMs: () => Math.max(1, scaled(rng.int(RESTART_S[0], RESTART_S[1]) * 1000)),
      canStart: (fleet, server, t) => {
        const profile = profileOf(fleet, server.profileId);
        if (!profile || unhealthy.includes(profile.profileId)) return false;
        return index.ready(fleet.asid, profile.imageId, server.machineid, t);
      },
      locked: (fleet, server, t) => {
        const profile = profileOf(fleet, server.profileId);
        return profile !== undefined && index.running(fleet.asid, profile.imageId, server.machineid, t);
      },
      allocation: (uuid) => this.allocations.get(uuid),
    };
  }

  /** Whether anything changed. */
  advanceAll(now: number, env: FleetEnv): boolean {
    let changed = false;
    for (const fleet of this.fleets.values()) changed = advanceFleet(fleet, now, env) || changed;
    return changed;
  }

  snapshot(): FleetSnapshot {
    return {
      fleets: [...this.fleets.values()],
      allocations: [...this.allocations.values()],
      nextServerId: this.nextServerId,
      nextRequestId: this.nextRequestId,
    };
  }

  restore(data: FleetSnapshot): void {
    this.fleets = new Map(data.fleets.map((fleet) => [fleet.fleetId, fleet]));
    this.allocations = new Map(data.allocations.map((record) => [record.uuid, record]));
    this.nextServerId = data.nextServerId;
    this.nextRequestId = data.nextRequestId;
    this.byServerId = null;
  }
}
