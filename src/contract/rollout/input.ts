import { z } from 'zod';
import { cutoverInputSchema } from '../cutover/input';
import { windowsSchema } from '../windows/input';
import { problemsOf } from '../inputProblems';
import { DEFAULT_MAX_INSTALL_AHEAD_DAYS, installAtProblems, MAX_INSTALL_AHEAD_DAYS_LIMIT } from './installAhead';

/**
 * The rollout's one argument (product contract, "The workflow"). This zod schema is the single
 * source of the TypeScript type, the runtime validation in the workflow and the CLI, and the
 * shipped JSON Schema (schema/rollout-input.schema.json).
 */
/** Missing required fields say so; present but wrong ones state the rule. */
const rule = (text: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : text);

const positiveId = () =>
  z.int({ error: rule('must be a positive integer') }).positive({ error: 'must be a positive integer' });

const flag = () => z.boolean({ error: 'must be true or false' });

const MINUTES_RULE = 'must be a number of minutes above 0, at most 10080';
/** Minutes; fractions allowed (a test at compressed time waits seconds). */
const minutes = () =>
  z.number({ error: MINUTES_RULE }).positive({ error: MINUTES_RULE }).max(10_080, { error: MINUTES_RULE });

const AHEAD_RULE = `must be an integer from 1 to ${MAX_INSTALL_AHEAD_DAYS_LIMIT}`;

const INSTALL_AT_RULE = 'must be an ISO-8601 date-time with offset (e.g. 2026-12-01T10:00:00Z) or unix seconds';

/**
 * A field a release of this package removed: refused with the version and why, in the workflow,
 * the client, the CLI and each release image, never silently ignored. Optional, so it appears in
 * no TypeScript type a caller fills in; in the JSON Schema it accepts no value.
 */
function removedIn(version: string, why: string) {
  const rule = `removed in ${version} (${why}); drop the field`;
  return z.never({ error: rule }).optional().describe(rule);
}

/** URL schemes Clanforge's image update fetches builds from. */
const UPDATE_URL = /^(https?|s3|gs|steam):\/\/\S+$/i;

const ROLLOUT_INPUT_SCHEMA = z
  .strictObject(
    {
      accountServiceId: positiveId().describe('Clanforge account service id (ASID), sent as accountserviceid'),
      imageId: positiveId().describe('game image to update'),
      machineId: positiveId().describe('reference machine holding the new build'),
      updateUrl: z
        .string({ error: 'must be a string' })
        .regex(UPDATE_URL, { error: 'must be an http(s), s3, gs or steam URL' })
        .optional()
        .describe('when given, first run image update create on machineId from this URL'),
      updateDescription: z
        .string({ error: 'must be a string' })
        .min(1, { error: 'must not be empty' })
        .max(500, { error: 'must be at most 500 characters' })
        .optional()
        .describe('image update create desc (default: derived from gameBuild)'),
      gameBuild: z
        .string({ error: 'must be a string' })
        .min(1, { error: 'must not be empty' })
        .max(100, { error: 'must be at most 100 characters' })
        .optional()
        .describe('imageversion create game_build'),
      installAt: z
        .union([
          z.iso.datetime({ offset: true, error: INSTALL_AT_RULE }),
          z.int({ error: INSTALL_AT_RULE }).nonnegative({ error: INSTALL_AT_RULE }),
        ])
        .optional()
        .describe(
          'when the version is to be created and installed; absent = now; at most maxInstallAheadDays ahead, in unix seconds (not milliseconds)',
        ),
      maxInstallAheadDays: z
        .int({ error: AHEAD_RULE })
        .min(1, { error: AHEAD_RULE })
        .max(MAX_INSTALL_AHEAD_DAYS_LIMIT, { error: AHEAD_RULE })
        .default(DEFAULT_MAX_INSTALL_AHEAD_DAYS)
        .describe(
          'installAt may be at most this many days after the start (the diff is made at once and holds the image until the version)',
        ),
      restart: flag().default(false).describe('imageversion create restart'),
      full: flag().default(false).describe('imageversion create full (forced on when the diff is empty)'),
      force: flag().default(false).describe('imageversion create force (even with active allocations)'),
      disableTimeoutMinutes: z
        .int({ error: 'must be an integer >= 1' })
        .min(1, { error: 'must be an integer >= 1' })
        .optional()
        .describe('imageversion create disable_timeout, in minutes (only together with disablePercentage)'),
      disablePercentage: z
        .number({ error: 'must be a number from 0 to 100' })
        .min(0, { error: 'must be a number from 0 to 100' })
        .max(100, { error: 'must be a number from 0 to 100' })
        .optional()
        .describe('disable_percentage (only together with disableTimeoutMinutes)'),
      diffRetries: z
        .int({ error: 'must be an integer >= 0' })
        .min(0, { error: 'must be an integer >= 0' })
        .max(20, { error: 'must be at most 20' })
        .default(2)
        .describe('automatic diff retries before waiting for an operator'),
      retryDelaySeconds: z
        .int({ error: 'must be an integer >= 0' })
        .min(0, { error: 'must be an integer >= 0' })
        .max(86_400, { error: 'must be at most 86400' })
        .default(30)
        .describe('wait before the first automatic diff retry; doubles for each further one'),
      followerHeartbeatSeconds: removedIn(
        '1.0.0',
        'no job follower outlives one poll, so there is no heartbeat timeout to choose',
      ),
      polling: removedIn('1.0.0', 'every job is followed by free polling, one poll per activity attempt'),
      stuckAfterMinutes: z
        .int({ error: 'must be an integer from 1 to 10080' })
        .min(1, { error: 'must be an integer from 1 to 10080' })
        .max(10_080, { error: 'must be an integer from 1 to 10080' })
        .default(240)
        .describe(
          "a followed job that has not moved (state, jobupdated, progress) for this long past its eta, or a Clanforge API without an answer for this long, moves the rollout to awaiting-operator (divided by the worker's CLANFORGE_POLL_SCALE)",
        ),
      notify: flag()
        .default(false)
        .describe('post each phase change and the end to the webhook configured on the worker (ROLLOUT_WEBHOOK_URL)'),
      requireApproval: flag().default(false).describe('wait for approve after the diff, before any version'),
      gameId: positiveId()
        .optional()
        .describe(
          "the image's Clanforge game id: with it, the image's lock is read (image/options) before each create, so a diff that is not this rollout's is named before anything is asked of Clanforge; without it, the create's own refusal names it",
        ),
      fullEvery: z
        .int({ error: 'must be an integer from 1 to 1000' })
        .min(1, { error: 'must be an integer from 1 to 1000' })
        .max(1000, { error: 'must be an integer from 1 to 1000' })
        .optional()
        .describe(
          'every Nth version of this image is full (imageversion full=1), counted from earlier rollouts of the image in Temporal visibility (search attribute ClanforgeFullImage)',
        ),
      remindEveryMinutes: minutes()
        .optional()
        .describe(
          'while a person is needed (awaiting-approval, awaiting-operator), post a reminder to the webhook this often',
        ),
      autoCancelAfterMinutes: minutes()
        .optional()
        .describe(
          'while a person is needed (awaiting-approval, awaiting-operator), cancel the rollout after this long without an action',
        ),
      windows: windowsSchema()
        .optional()
        .describe(
          'weekly deployment windows: the version is created, and the cutover started, only inside one (the first opening at or after installAt); outside, the rollout waits in scheduled',
        ),
      cutover: cutoverInputSchema()
        .optional()
        .describe(
          "after the installs: switch the fleet to this image's profile, bake with health checks, roll back when unhealthy (zero-downtime patching)",
        ),
      reinstallOnReject: flag()
        .default(true)
        .describe('reject with reinstall=1 (restore the reference machine) on reject or cancel'),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'rollout input must be a JSON object') },
  )
  .superRefine((input, ctx) => {
    if ((input.disablePercentage === undefined) !== (input.disableTimeoutMinutes === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [input.disablePercentage === undefined ? 'disablePercentage' : 'disableTimeoutMinutes'],
        message: 'disableTimeoutMinutes and disablePercentage must be given together',
      });
    }
  });
export const rolloutInputSchema = () => ROLLOUT_INPUT_SCHEMA;

/** What a caller sends (defaults optional). */
export type RolloutInput = z.input<typeof ROLLOUT_INPUT_SCHEMA>;
/** What the workflow works with (defaults filled in). */
export type RolloutOptions = z.output<typeof ROLLOUT_INPUT_SCHEMA>;

export class InvalidRolloutInput extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid rollout input: ${problems.join('; ')}`);
    this.name = 'InvalidRolloutInput';
  }
}

/**
 * Validates and fills defaults; throws InvalidRolloutInput naming every bad field. With `nowMs`
 * (a start: the client's, the CLI's or the workflow's clock), installAt is also checked against
 * it: not milliseconds, at most maxInstallAheadDays ahead.
 */
export function parseRolloutInput(raw: unknown, nowMs?: number): RolloutOptions {
  const parsed = ROLLOUT_INPUT_SCHEMA.safeParse(raw);
  if (!parsed.success) throw new InvalidRolloutInput(problemsOf(parsed.error.issues));
  const problems = nowMs === undefined ? [] : installAtProblems(parsed.data, nowMs);
  if (problems.length > 0) throw new InvalidRolloutInput(problems);
  return parsed.data;
}

/** installAt as unix seconds, or undefined for "now". */
export function installAtSeconds(installAt: RolloutOptions['installAt']): number | undefined {
  if (installAt === undefined) return undefined;
  return typeof installAt === 'number' ? installAt : Math.floor(Date.parse(installAt) / 1000);
}

export function defaultWorkflowId(input: Pick<RolloutInput, 'accountServiceId' | 'imageId'>): string {
  return `rollout-${input.accountServiceId}-${input.imageId}`;
}
