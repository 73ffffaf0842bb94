import type { FleetSpec, ProfileSpec } from './config';

/** A game session on a server: a matchmaker's allocation or a player's reservation. */
export interface Session {
  uuid: string;
  kind: 'allocation' | 'reservation';
  players: number;
  since: number;
}

/** One game server. `active` is derived: 2 while restarting, 0 after a failed start, else 1. */
export interface SimServer {
  serverid: number;
  machineid: number;
  /** 0-based position on its machine (ports, name). */
  slot: number;
  profileId: number;
  /** Restarting (active 2) until then, onto `profileId`. */
  restartUntil: number | null;
  /** Failed to start (active 0); tried again at this time. */
  retryAt: number | null;
  session: Session | null;
  /** Counted by the running switch and not processed yet. */
  inSwitch: boolean;
}

export interface SimMachine {
  machineid: number;
  /** Index into LOCATIONS (region id = index + 1). */
  location: number;
}

export type SwitchState = 'pending' | 'processing' | 'complete';

/** The fleet's last switchprofile request (DESIGN 7: a new PATCH replaces it). */
export interface FleetSwitch {
  profileId: number;
  state: SwitchState;
  requestedAt: number;
  /** When the last server was processed (state `complete`), for benchmarks: the switch's own duration. */
  completedAt?: number;
  /** The first status read that answered `complete`, for benchmarks: when a follower saw it. */
  observedCompleteAt?: number;
  /** Leaves `pending` (the first batch starts) at this time. */
  startAt: number;
  /** requestedAt + Timeout (scaled by --speed): the remaining servers are force-restarted. */
  deadline: number;
  maxMachines: number | null;
  pending: number;
  processed: number;
  /** Machines whose batch has not started, in machine id order. */
  queue: number[];
  /** Machines of the batch being processed. */
  batch: number[];
  forced: boolean;
}

export interface SimFleet {
  fleetId: string;
  asid: number;
  kind: 'reservation' | 'allocation';
  /** Reservation: the profile of the last switch; allocation: the profile of the last allocate. */
  liveProfileId: number;
  profiles: ProfileSpec[];
  machines: SimMachine[];
  servers: SimServer[];
  switch: FleetSwitch | null;
  /** Switch requests the fleet accepted (a PATCH that passed every check), for "one switch per intended switch". */
  switchesAccepted: number;
  /** Clock time the fleet's state has been advanced to. */
  advancedTo: number;
}

export interface AllocationRecord {
  uuid: string;
  requestId: number;
  fleetId: string;
  regionId: string;
  profileId: number;
  requestedAt: number;
  serverid: number | null;
  fulfilledAt: number | null;
  error: string | null;
  payloadBytes: number;
}

export const LOCATION_COUNTRY = ['GB', 'US', 'IN'] as const;

/** Machines and servers for a spec; ids come from the counters passed in (stable for a run). */
export function buildFleet(
  spec: FleetSpec,
  ids: { machine: () => number; server: () => number },
  now: number,
): SimFleet {
  const machines: SimMachine[] = [];
  const servers: SimServer[] = [];
  for (let m = 0; m < spec.machines; m++) {
    const machine = { machineid: ids.machine(), location: m % LOCATION_COUNTRY.length };
    machines.push(machine);
    for (let slot = 0; slot < spec.serversPerMachine; slot++) {
      servers.push({
        serverid: ids.server(),
        machineid: machine.machineid,
        slot,
        profileId: spec.liveProfileId,
        restartUntil: null,
        retryAt: null,
        session: null,
        inSwitch: false,
      });
    }
  }
  return {
    fleetId: spec.fleetId,
    asid: spec.accountServiceId,
    kind: spec.kind,
    liveProfileId: spec.liveProfileId,
    profiles: spec.profiles,
    machines,
    servers,
    switch: null,
    switchesAccepted: 0,
    advancedTo: now,
  };
}

/** 0 stopped (failed start), 1 started, 2 restarting (server status 5.2). */
export function activeOf(server: SimServer): 0 | 1 | 2 {
  if (server.restartUntil !== null) return 2;
  return server.retryAt !== null ? 0 : 1;
}

export function profileOf(fleet: SimFleet, profileId: number): ProfileSpec | undefined {
  return fleet.profiles.find((p) => p.profileId === profileId);
}
