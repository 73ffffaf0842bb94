import { InvalidReleaseInput, parseReleaseInput, type ReleaseInput } from '../../contract/release/input';
import { RELEASE_PHASES, type ReleasePhase } from '../../contract/release/status';
import { UsageError } from '../errors';
import { phaseAndLimit, problemToFlags } from '../flags';
import { valueOf } from '../flagValue';
import { readReleaseFile, sourceName } from './inputFile';

/** `release start`'s flags as commander hands them over. */
export interface ReleaseStartFlags {
  file?: string;
  releaseId?: string;
  gameBuild?: string;
  updateUrl?: string;
  installAt?: string;
  maxInstallAheadDays?: string;
  image?: string[];
  /** False with --no-pause. */
  pause?: boolean;
  notify?: boolean;
}

/** The single-wave flags, by the release input field they fill (for messages too). */
const FLAG_OF = new Map<string, string>([
  ['releaseId', '--release-id'],
  ['gameBuild', '--game-build'],
  ['updateUrl', '--update-url'],
  ['installAt', '--install-at'],
  ['maxInstallAheadDays', '--max-install-ahead-days'],
  ['images', '--image'],
  ['pauseBetweenWaves', '--no-pause'],
  ['notify', '--notify'],
]);

/**
 * The release input `-f FILE` or the single-wave flags describe, validated by the workflow's own
 * parseReleaseInput before anything is sent (every problem in one usage error). Returned as
 * written: the workflow fills the defaults, as it does for any caller.
 */
export async function releaseInputFromFlags(
  flags: ReleaseStartFlags,
  stdin?: AsyncIterable<string | Uint8Array>,
): Promise<ReleaseInput> {
  if (flags.file === undefined)
    return validated(singleWaveInput(flags), (problems) =>
      problems.map((problem) => problemToFlags(problem, FLAG_OF)).join('; '),
    );
  const given = singleWaveFlagsGiven(flags);
  if (given.length > 0)
    throw new UsageError(`-f and ${given.join(', ')} cannot be combined: put every field in ${sourceName(flags.file)}`);
  const source = sourceName(flags.file);
  return validated(await readReleaseFile(flags.file, stdin), (problems) => `${source}: ${problems.join('; ')}`);
}

/** `describe` turns parseReleaseInput's problems into the one line the usage error shows. */
function validated(raw: unknown, describe: (problems: string[]) => string): ReleaseInput {
  try {
    parseReleaseInput(raw, Date.now());
  } catch (error) {
    if (error instanceof InvalidReleaseInput) throw new UsageError(describe(error.problems));
    throw error;
  }
  return raw as ReleaseInput;
}

function singleWaveFlagsGiven(flags: ReleaseStartFlags): string[] {
  const input = singleWaveInput(flags);
  return [...FLAG_OF].filter(([field]) => input[field] !== undefined).map(([, flag]) => flag);
}

/** One wave from the flags: only the fields given, so the schema words what is missing. */
function singleWaveInput(flags: ReleaseStartFlags): Record<string, unknown> {
  const input: Record<string, unknown> = {
    releaseId: flags.releaseId,
    gameBuild: flags.gameBuild,
    updateUrl: flags.updateUrl,
    installAt: valueOf('installAt', flags.installAt),
    maxInstallAheadDays: valueOf('integer', flags.maxInstallAheadDays),
    images: flags.image?.length ? flags.image.map(imageFromFlag) : undefined,
    pauseBetweenWaves: flags.pause === false ? false : undefined,
    notify: flags.notify === true ? true : undefined,
  };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

/** `--image 1001:31:7` → { accountServiceId: 1001, imageId: 31, machineId: 7 }, wave 1. */
function imageFromFlag(raw: string): Record<string, unknown> {
  const parts = raw.split(':');
  if (parts.length !== 3 || parts.some((part) => part.trim() === '')) {
    throw new UsageError(`--image ${JSON.stringify(raw)}: must be ASID:IMAGE:MACHINE, e.g. 1001:31:7`);
  }
  // Digits become numbers; anything else stays text for the schema to refuse in its own words.
  const [accountServiceId, imageId, machineId] = parts.map((part) => valueOf('integer', part.trim()));
  return { accountServiceId, imageId, machineId };
}

/** commander's collector for a repeatable flag. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export interface ReleaseListFilter {
  phase?: ReleasePhase;
  limit?: number;
}

export function releaseListFilterFromFlags(opts: { phase?: unknown; limit?: unknown }): ReleaseListFilter {
  const problems: string[] = [];
  const filter = phaseAndLimit(opts, RELEASE_PHASES, problems);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return filter;
}
