import { Option } from 'commander';
import { InvalidRolloutInput, parseRolloutInput, type RolloutInput } from '../contract/rollout/input';
import { PHASES } from '../contract/rollout/status';
import { fleetIdSchema } from '../contract/cutover/input';
import type { ListFilter } from '../client';
import { UsageError } from './errors';
import { CUTOVER_FLAG_OF, cutoverFromFlags } from './cutoverFlags';
import { INTEGER, valueOf, type Kind } from './flagValue';
import { windowsFromFlags } from './windowFlags';

/**
 * The `start` flags, one per rollout input field. Validation is the workflow's own
 * (parseRolloutInput); this table only turns flag strings into JSON values and field names
 * back into flag names for the messages.
 */

export interface InputFlag {
  field: keyof RolloutInput;
  flag: string;
  /** Placeholder shown in help, for flags that take a value. */
  value?: string;
  kind: Kind;
  description: string;
}

export const INPUT_FLAGS: readonly InputFlag[] = [
  {
    field: 'accountServiceId',
    flag: '--asid',
    value: 'N',
    kind: 'integer',
    description: 'Clanforge account service id (required)',
  },
  { field: 'imageId', flag: '--image', value: 'N', kind: 'integer', description: 'image to update (required)' },
  {
    field: 'machineId',
    flag: '--machine',
    value: 'N',
    kind: 'integer',
    description: 'reference machine holding the new build (required)',
  },
  {
    field: 'gameBuild',
    flag: '--game-build',
    value: 'S',
    kind: 'string',
    description: 'game build, sent as imageversion game_build',
  },
  {
    field: 'installAt',
    flag: '--install-at',
    value: 'T',
    kind: 'installAt',
    description: 'when to create and install the version: ISO-8601 with offset or unix seconds (default now)',
  },
  {
    field: 'maxInstallAheadDays',
    flag: '--max-install-ahead-days',
    value: 'N',
    kind: 'integer',
    description: '--install-at may be at most N days from now, 1 to 3650 (default 30)',
  },
  {
    field: 'updateUrl',
    flag: '--update-url',
    value: 'URL',
    kind: 'string',
    description: 'first run an image update on the machine from this http(s)/s3/gs/steam URL',
  },
  {
    field: 'updateDescription',
    flag: '--update-description',
    value: 'S',
    kind: 'string',
    description: 'image update description (default: from --game-build)',
  },
  { field: 'restart', flag: '--restart', kind: 'boolean', description: 'imageversion restart' },
  { field: 'full', flag: '--full', kind: 'boolean', description: 'imageversion full' },
  {
    field: 'force',
    flag: '--force',
    kind: 'boolean',
    description: 'imageversion force (even with active allocations)',
  },
  {
    field: 'disableTimeoutMinutes',
    flag: '--disable-timeout',
    value: 'MIN',
    kind: 'integer',
    description: 'disable_timeout in minutes (>= 1)',
  },
  {
    field: 'disablePercentage',
    flag: '--disable-percentage',
    value: 'P',
    kind: 'number',
    description: 'disable_percentage 0-100 (only with --disable-timeout)',
  },
  {
    field: 'diffRetries',
    flag: '--diff-retries',
    value: 'N',
    kind: 'integer',
    description: 'automatic diff retries before waiting for an operator (default 2)',
  },
  {
    field: 'retryDelaySeconds',
    flag: '--retry-delay',
    value: 'SECONDS',
    kind: 'integer',
    description: 'wait before the first automatic diff retry, doubling after (default 30)',
  },
  {
    field: 'stuckAfterMinutes',
    flag: '--stuck-after',
    value: 'MIN',
    kind: 'integer',
    description:
      'ask an operator when a job makes no progress (or the API does not answer) for this long (default 240)',
  },
  {
    field: 'gameId',
    flag: '--game-id',
    value: 'N',
    kind: 'integer',
    description: "the image's game id: the lock is read (image/options) before each create",
  },
  {
    field: 'fullEvery',
    flag: '--full-every',
    value: 'N',
    kind: 'integer',
    description: 'every Nth version of this image is full, counted from earlier rollouts in Temporal',
  },
  {
    field: 'remindEveryMinutes',
    flag: '--remind-every',
    value: 'MIN',
    kind: 'number',
    description: 'while a person is needed, post a webhook reminder this often',
  },
  {
    field: 'autoCancelAfterMinutes',
    flag: '--auto-cancel-after',
    value: 'MIN',
    kind: 'number',
    description: 'while a person is needed, cancel the rollout after this long without an action',
  },
  {
    field: 'notify',
    flag: '--notify',
    kind: 'boolean',
    description: 'post phase changes to the webhook configured on the worker (ROLLOUT_WEBHOOK_URL)',
  },
  {
    field: 'requireApproval',
    flag: '--require-approval',
    kind: 'boolean',
    description: 'wait for approve after the diff, before any version is made',
  },
  {
    field: 'reinstallOnReject',
    flag: '--no-reinstall-on-reject',
    kind: 'negated',
    description: 'do not restore the reference machine (reinstall=1) when the diff is rejected',
  },
];

/** The commander Option for a table row. */
export function optionFor(entry: InputFlag): Option {
  return new Option(entry.value ? `${entry.flag} <${entry.value}>` : entry.flag, entry.description);
}

const FLAG_OF = new Map<string, string>([
  ...INPUT_FLAGS.map((entry): [string, string] => [entry.field, entry.flag]),
  ...CUTOVER_FLAG_OF,
]);

/**
 * `accountServiceId: must be ...` → `--asid: must be ...`. Field names quoted inside the rule
 * (`disableTimeoutMinutes and disablePercentage must be given together`) are translated too;
 * only the camelCase ones, so plain words like "full" in a rule stay words.
 */
export function problemToFlags(problem: string, flagOf: ReadonlyMap<string, string> = FLAG_OF): string {
  const colon = problem.indexOf(': ');
  const field = colon > 0 ? problem.slice(0, colon) : '';
  let rule = colon > 0 ? problem.slice(colon + 2) : problem;
  for (const [name, flag] of flagOf)
    if (/[A-Z]/.test(name)) rule = rule.replace(new RegExp(`\\b${name}\\b`, 'g'), flag);
  if (!field) return rule;
  return `${flagOf.get(field) ?? field}: ${rule}`;
}

/**
 * The RolloutInput the flags describe: only the fields given (the workflow fills defaults),
 * validated by parseRolloutInput, every problem named by its flag.
 */
export function rolloutInputFromFlags(opts: Record<string, unknown>): RolloutInput {
  const input: Record<string, unknown> = {};
  for (const entry of INPUT_FLAGS) {
    const raw = opts[optionFor(entry).attributeName()];
    if (entry.kind === 'negated') {
      if (raw === false) input[entry.field] = false;
    } else if (entry.kind === 'boolean') {
      if (raw === true) input[entry.field] = true;
    } else if (raw !== undefined) {
      input[entry.field] = valueOf(entry.kind, raw);
    }
  }
  const cutover = cutoverFromFlags(opts);
  if (cutover) input.cutover = cutover;
  const windows = windowsFromFlags(opts.window);
  if (windows) input.windows = windows;
  try {
    parseRolloutInput(input, Date.now());
  } catch (error) {
    if (error instanceof InvalidRolloutInput)
      throw new UsageError(error.problems.map((problem) => problemToFlags(problem)).join('; '));
    throw error;
  }
  return input as RolloutInput;
}

/** A positive integer flag outside the rollout input (`--limit`, `list --asid`, `--interval`). */
export function positiveInteger(flag: string, raw: unknown, problems: string[]): number | undefined {
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' && INTEGER.test(raw) ? Number(raw) : NaN;
  if (Number.isSafeInteger(value) && value > 0) return value;
  problems.push(`${flag}: must be a positive integer`);
  return undefined;
}

/** A flag that takes one of a few words (`--phase`). */
export function oneOf<T extends string>(
  flag: string,
  raw: unknown,
  allowed: readonly T[],
  problems: string[],
): T | undefined {
  if (raw === undefined) return undefined;
  if ((allowed as readonly unknown[]).includes(raw)) return raw as T;
  problems.push(`${flag}: must be one of ${allowed.join(', ')}`);
  return undefined;
}

/** `--phase` and `--limit`, the filter every list command has. */
export function phaseAndLimit<P extends string>(
  opts: { phase?: unknown; limit?: unknown },
  phases: readonly P[],
  problems: string[],
): { phase?: P; limit?: number } {
  const phase = oneOf('--phase', opts.phase, phases, problems);
  const limit = positiveInteger('--limit', opts.limit, problems);
  return { ...(phase === undefined ? {} : { phase }), ...(limit === undefined ? {} : { limit }) };
}

export function listFilterFromFlags(opts: Record<string, unknown>): ListFilter {
  const problems: string[] = [];
  const filter: ListFilter = phaseAndLimit(opts, PHASES, problems);
  const asid = positiveInteger('--asid', opts.asid, problems);
  if (asid !== undefined) filter.accountServiceId = asid;
  const image = positiveInteger('--image', opts.image, problems);
  if (image !== undefined) filter.imageId = image;
  if (opts.gameBuild !== undefined) {
    if (typeof opts.gameBuild === 'string' && opts.gameBuild.length > 0) filter.gameBuild = opts.gameBuild;
    else problems.push('--game-build: must not be empty');
  }
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return filter;
}

export function intervalFromFlags(raw: unknown, fallback = 1_000): number {
  const problems: string[] = [];
  const value = positiveInteger('--interval', raw, problems);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return value ?? fallback;
}

/** A workflow id argument or `--workflow-id`: not blank. */
export function workflowIdFrom(raw: string, what = '<id>'): string {
  const id = raw.trim();
  if (!id) throw new UsageError(`${what}: must not be empty`);
  return id;
}

/** `--fleet F`: required, and a fleet id as the cutover input takes it. */
export function fleetIdFromFlag(raw: unknown): string {
  const parsed = fleetIdSchema().safeParse(raw);
  if (!parsed.success) throw new UsageError(`--fleet: ${parsed.error.issues[0]?.message ?? 'is not a fleet id'}`);
  return parsed.data;
}
