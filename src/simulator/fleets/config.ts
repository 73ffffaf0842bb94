import fs from 'node:fs';

/** A bad `--fleets` document; the options turn it into their own error. */
export class FleetConfigError extends Error {}

/** One profile of a fleet: the image its servers run (`--fleets FILE`). */
export interface ProfileSpec {
  profileId: number;
  imageId: number;
  name: string;
}

/** One fleet as `--fleets FILE` describes it (product contract, "Live"). */
export interface FleetSpec {
  fleetId: string;
  accountServiceId: number;
  kind: 'reservation' | 'allocation';
  machines: number;
  serversPerMachine: number;
  liveProfileId: number;
  profiles: ProfileSpec[];
}

/** Upper bound on servers over all fleets, so a typo cannot eat the machine's memory. */
const MAX_SERVERS = 200_000;

/** Reads and checks `--fleets FILE`; every error names the file, the fleet and the field. */
export function loadFleetsFile(file: string): FleetSpec[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new FleetConfigError(`--fleets: cannot read ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new FleetConfigError(`--fleets: ${file} is not valid JSON`);
  }
  return parseFleets(json, `--fleets ${file}`);
}

/** Checks the `{ "fleets": [...] }` document (also what startSimulator's `fleets` option takes). */
export function parseFleets(json: unknown, where = 'fleets'): FleetSpec[] {
  const fail = (message: string): never => {
    throw new FleetConfigError(`${where}: ${message}`);
  };
  const root = json as { fleets?: unknown };
  if (typeof json !== 'object' || json === null || !Array.isArray(root.fleets))
    return fail('must be an object with a "fleets" array');
  const seenFleets = new Set<string>();
  const seenProfiles = new Set<number>();
  let servers = 0;
  const fleets = (root.fleets as unknown[]).map((item, i): FleetSpec => {
    const f = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const at = `fleets[${i}]`;
    const fleetId = f.fleetId;
    if (typeof fleetId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(fleetId))
      return fail(`${at}.fleetId must be a string of 1-64 letters, digits, "-" or "_"`);
    if (seenFleets.has(fleetId)) return fail(`${at}.fleetId "${fleetId}" is given twice`);
    seenFleets.add(fleetId);
    const int = (name: string, min: number, fallback?: number): number => {
      const value = f[name] ?? fallback;
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
        return fail(`${at}.${name} must be an integer >= ${min}`);
      return value;
    };
    const kind = f.kind ?? 'reservation';
    if (kind !== 'reservation' && kind !== 'allocation')
      return fail(`${at}.kind must be "reservation" or "allocation"`);
    const machines = int('machines', 1);
    const serversPerMachine = int('serversPerMachine', 1, 1);
    servers += machines * serversPerMachine;
    if (servers > MAX_SERVERS) return fail(`more than ${MAX_SERVERS} servers in all fleets`);
    if (!Array.isArray(f.profiles) || f.profiles.length === 0) return fail(`${at}.profiles must be a non-empty array`);
    const profiles = (f.profiles as unknown[]).map((p, j): ProfileSpec => {
      const profile = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
      const pat = `${at}.profiles[${j}]`;
      const id = (name: string): number => {
        const value = profile[name];
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
          return fail(`${pat}.${name} must be a positive integer`);
        return value;
      };
      const profileId = id('profileId');
      if (seenProfiles.has(profileId)) return fail(`${pat}.profileId ${profileId} is used twice`);
      seenProfiles.add(profileId);
      const name = profile.name ?? `profile ${profileId}`;
      if (typeof name !== 'string') return fail(`${pat}.name must be a string`);
      return { profileId, imageId: id('imageId'), name };
    });
    const liveProfileId = int('liveProfileId', 1);
    if (!profiles.some((p) => p.profileId === liveProfileId))
      return fail(`${at}.liveProfileId ${liveProfileId} is not one of the fleet's profiles`);
    return {
      fleetId,
      accountServiceId: int('accountServiceId', 1),
      kind,
      machines,
      serversPerMachine,
      liveProfileId,
      profiles,
    };
  });
  return fleets;
}
