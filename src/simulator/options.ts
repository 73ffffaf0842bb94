import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import type { ErrorStatusMode } from './envelope';
import type { ProgressMode } from './jobs';
import { defaultFaults, FaultSpecError, parseFaultJson, parseFaultSpec, type FaultConfig } from './faults';
import { FleetConfigError, loadFleetsFile, parseFleets, type FleetSpec } from './fleets/config';

/** Options of startSimulator; the CLI flags map onto them one to one. */
export interface SimulatorOptions {
  /** Default 8780; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** `access:secret`, optionally `@asid1,asid2` to restrict ASIDs. Default `sim-access:sim-secret`. */
  credentials?: string[];
  /** Jobs take 1/speed of their realistic durations. Default 1. */
  speed?: number;
  /** Load on start when present, save after every change. */
  stateFile?: string;
  /** Seed of all randomness. Default 1. */
  seed?: number;
  /** Fault SPEC string or a parsed config (see faults.ts). */
  faults?: string | FaultConfig;
  /** Machines per image that get install jobs when a version completes. Default 4. */
  fleet?: number;
  /** How many of those install jobs are mirroring jobs. Default 1. */
  mirrors?: number;
  /** `ok`: business errors as HTTP 200 + envelope (default); `http`: 400/403/404. */
  errorStatus?: ErrorStatusMode;
  /** DESIGN 21: a missing `restart` counts as 0 instead of an error. */
  lenientRestart?: boolean;
  /** DESIGN 3 switch: keep `success: true` on Failed jobs. */
  failedJobSuccess?: boolean;
  /** `real`: jobprogress rises 0..100 (default); `zero`: always 0, as public deploy code reports of the real API. */
  progress?: ProgressMode;
  /** `listed`: a Failed install job stays in imageinstall/status until queued again (default); `unlisted`: it leaves the list. */
  failedInstalls?: FailedInstallsMode;
  /** Game id per image id (any ASID); other images get the default game of their ASID (GAME_ID_BASE + ASID). */
  games?: Record<number, number>;
  /** `image/options` answers only for images the ASID has used (update or diff create); others are not found. */
  strictImages?: boolean;
  /** Fleets, profiles and servers: a `--fleets` file name or its parsed `{ "fleets": [...] }` document. */
  fleets?: string | { fleets: unknown[] };
  /** Clock in ms, injectable for tests. */
  now?: () => number;
  /** pino level; default LOG_LEVEL or `info`. */
  logLevel?: string;
  logger?: Logger;
}

export type FailedInstallsMode = 'listed' | 'unlisted';

export interface Credential {
  access: string;
  secret: string;
  /** null = every ASID. */
  asids: number[] | null;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  credentials: Credential[];
  speed: number;
  stateFile: string | null;
  seed: number;
  faults: FaultConfig;
  fleet: number;
  mirrors: number;
  errorStatus: ErrorStatusMode;
  lenientRestart: boolean;
  failedJobSuccess: boolean;
  progress: ProgressMode;
  failedInstalls: FailedInstallsMode;
  games: ReadonlyMap<number, number>;
  strictImages: boolean;
  fleets: FleetSpec[];
  now: () => number;
}

export class OptionsError extends Error {}

export const DEFAULT_PORT = 8780;
export const DEFAULT_CREDENTIALS = 'sim-access:sim-secret';
/** Default game of an ASID: GAME_ID_BASE + ASID, so a game id never equals the ASID or an image id by accident. */
export const GAME_ID_BASE = 900_000;

export function parseCredential(text: string): Credential {
  let pair = text;
  let asids: number[] | null = null;
  const at = text.lastIndexOf('@');
  if (at >= 0 && /^\d+(,\d+)*$/.test(text.slice(at + 1))) {
    pair = text.slice(0, at);
    asids = text
      .slice(at + 1)
      .split(',')
      .map(Number);
  }
  const colon = pair.indexOf(':');
  if (colon <= 0 || colon === pair.length - 1) {
    throw new OptionsError('--credentials must look like access:secret or access:secret@asid1,asid2');
  }
  return { access: pair.slice(0, colon), secret: pair.slice(colon + 1), asids };
}

function integer(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new OptionsError(`--${name} must be an integer between ${min} and ${max}`);
  return n;
}

/** `IMAGEID=GAMEID` (the --game flag). */
export function parseGame(text: string): [number, number] {
  const match = /^(\d{1,15})=(\d{1,15})$/.exec(text.trim());
  const [imageid, gameid] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (imageid < 1 || gameid < 1) throw new OptionsError('--game must look like IMAGEID=GAMEID (positive integers)');
  return [imageid, gameid];
}

function resolveGames(games: Record<number, number> = {}): Map<number, number> {
  return new Map(Object.entries(games).map(([imageid, gameid]) => parseGame(`${imageid}=${gameid}`)));
}

function resolveFleets(fleets: SimulatorOptions['fleets']): FleetSpec[] {
  try {
    if (typeof fleets === 'string') return loadFleetsFile(fleets);
    return fleets ? parseFleets(fleets) : [];
  } catch (error) {
    if (error instanceof FleetConfigError) throw new OptionsError(error.message);
    throw error;
  }
}

export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  const speed = options.speed ?? 1;
  if (!(Number.isFinite(speed) && speed > 0)) throw new OptionsError('--speed must be a number > 0');
  const errorStatus = options.errorStatus ?? 'ok';
  if (errorStatus !== 'ok' && errorStatus !== 'http') throw new OptionsError('--error-status must be ok or http');
  let faults: FaultConfig;
  try {
    faults =
      typeof options.faults === 'string'
        ? parseFaultSpec(options.faults)
        : options.faults
          ? parseFaultJson(options.faults)
          : defaultFaults();
  } catch (error) {
    if (error instanceof FaultSpecError) throw new OptionsError(`--faults: ${error.message}`);
    throw error;
  }
  const progress = options.progress ?? 'real';
  if (progress !== 'real' && progress !== 'zero') throw new OptionsError('--progress must be real or zero');
  const failedInstalls = options.failedInstalls ?? 'listed';
  if (failedInstalls !== 'listed' && failedInstalls !== 'unlisted')
    throw new OptionsError('--failed-installs must be listed or unlisted');
  const fleet = integer('fleet', options.fleet, 4, 0, 100_000);
  const credentials = options.credentials?.length ? options.credentials : [DEFAULT_CREDENTIALS];
  return {
    port: integer('port', options.port, DEFAULT_PORT, 0, 65535),
    host: options.host ?? '127.0.0.1',
    credentials: credentials.map(parseCredential),
    speed,
    stateFile: options.stateFile ?? null,
    seed: integer('seed', options.seed, 1, -(2 ** 31), 2 ** 32),
    faults,
    fleet,
    mirrors: Math.min(fleet, integer('mirrors', options.mirrors, 1, 0, 1000)),
    errorStatus,
    lenientRestart: options.lenientRestart ?? false,
    failedJobSuccess: options.failedJobSuccess ?? false,
    progress,
    failedInstalls,
    games: resolveGames(options.games),
    strictImages: options.strictImages ?? false,
    fleets: resolveFleets(options.fleets),
    now: options.now ?? Date.now,
  };
}

export const USAGE = `usage: npm run simulator -- [flags]
  --port N                 listen port (default ${DEFAULT_PORT}; 0 = any free port)
  --host H                 listen address (default 127.0.0.1)
  --credentials A:S[@ids]  accepted Basic credentials, repeatable (default: CLANFORGE_ACCESS_KEY +
                           CLANFORGE_SECRET_KEY or CLANFORGE_CREDENTIALS_FILE if set, else ${DEFAULT_CREDENTIALS})
  --speed N                jobs take 1/N of realistic durations (default 1)
  --state-file F           load on start, save after every change
  --seed N                 seed of all randomness (default 1)
  --faults SPEC            e.g. http5xx=0.1,rate429=0.05,retryAfter=2,fail.diff=0.3,failFirst.install=1
  --fleet N                install jobs per completed version (default 4)
  --mirrors N              how many of them mirror (default 1)
  --error-status ok|http   business errors as HTTP 200 (default) or 400/403/404
  --lenient-restart        missing restart= on imageversion/create counts as 0
  --progress real|zero     jobprogress rises to 100 (default) or stays 0, as the real API is reported to do
  --failed-installs listed|unlisted
                           a Failed install stays in imageinstall/status until queued again (default)
                           or leaves it (both are possible readings of the docs)
  --game IMAGEID=GAMEID    game of that image, repeatable (default: ${GAME_ID_BASE} + ASID for every image)
  --strict-images          image/options: an image the ASID never used is not found
  --fleets FILE            fleets, profiles and servers (JSON, see the simulator README)
  --log-level L            pino level (default LOG_LEVEL or info)`;

function num(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new OptionsError(`--${name} must be a number, got "${value}"`);
  return n;
}

/** CLI flags → options. Throws OptionsError with a message naming the flag. */
export function parseCliArgs(argv: string[]): SimulatorOptions & { help: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        credentials: { type: 'string', multiple: true },
        speed: { type: 'string' },
        'state-file': { type: 'string' },
        seed: { type: 'string' },
        faults: { type: 'string' },
        fleet: { type: 'string' },
        mirrors: { type: 'string' },
        'error-status': { type: 'string' },
        'lenient-restart': { type: 'boolean' },
        progress: { type: 'string' },
        'failed-installs': { type: 'string' },
        game: { type: 'string', multiple: true },
        'strict-images': { type: 'boolean' },
        fleets: { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new OptionsError(error instanceof Error ? error.message : String(error));
  }
  return {
    help: values.help ?? false,
    port: num('port', values.port),
    host: values.host,
    credentials: values.credentials,
    speed: num('speed', values.speed),
    stateFile: values['state-file'],
    seed: num('seed', values.seed),
    faults: values.faults,
    fleet: num('fleet', values.fleet),
    mirrors: num('mirrors', values.mirrors),
    errorStatus: values['error-status'] as ErrorStatusMode | undefined,
    lenientRestart: values['lenient-restart'],
    progress: values.progress as ProgressMode | undefined,
    failedInstalls: values['failed-installs'] as FailedInstallsMode | undefined,
    games: values.game ? Object.fromEntries(values.game.map(parseGame)) : undefined,
    strictImages: values['strict-images'],
    fleets: values.fleets,
    logLevel: values['log-level'],
  };
}
