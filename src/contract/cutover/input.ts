import { z } from 'zod';
import { windowsSchema } from '../windows/input';
import { parseGoDuration } from '../goDuration';

/**
 * The rollout's `cutover` (product contract, "Live"): after the installs, switch the fleet to this
 * image's profile, bake, and roll back when it is unhealthy. Also a release image's `cutover`.
 */
const TIMEOUT_RULE = 'must be a Go duration with a unit, e.g. "15m", "90s", "1h30m"';
const PERCENT_RULE = 'must be a number from 0 to 100';
const BAKE_RULE = 'must be a number of minutes from 0 to 10080';

export const FLEET_KINDS = ['reservation', 'allocation'] as const;
export type FleetKind = (typeof FLEET_KINDS)[number];

export const fleetIdSchema = () =>
  z
    .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') })
    .min(1, { error: 'must not be empty' })
    .max(100, { error: 'must be at most 100 characters' })
    .regex(/^[A-Za-z0-9._:-]+$/, { error: 'must be letters, digits and . _ : - only' });

export const profileIdSchema = () =>
  z
    .int({ error: (i) => (i.input === undefined ? 'is required' : 'must be a positive integer') })
    .positive({ error: 'must be a positive integer' });

export const fleetKindSchema = () =>
  z.enum(FLEET_KINDS, { error: 'must be "reservation" or "allocation"' }).default('reservation');

const CUTOVER_INPUT_SCHEMA = z
  .strictObject(
    {
      fleetId: fleetIdSchema().describe('the Clanforge fleet to go live on'),
      profileId: profileIdSchema().describe("this image's profile: the one to go live"),
      fleetKind: fleetKindSchema().describe(
        'reservation: switch the fleet (v2 switchprofile); allocation: the matchmaker allocates with the new profile',
      ),
      timeout: z
        .string({ error: TIMEOUT_RULE })
        .refine((t) => (parseGoDuration(t) ?? 0) > 0, { error: TIMEOUT_RULE })
        .default('15m')
        .describe(
          "the switch's Timeout (busy servers are force-restarted after it); allocation: how long old allocations may drain",
        ),
      maxMachines: z
        .int({ error: 'must be an integer >= 1' })
        .min(1, { error: 'must be an integer >= 1' })
        .optional()
        .describe("the switch's MaxMachines: machines restarted at a time (reservation fleets only)"),
      bakeMinutes: z
        .number({ error: BAKE_RULE })
        .min(0, { error: BAKE_RULE })
        .max(10_080, { error: BAKE_RULE })
        .default(10)
        .describe('how long the new profile must stay healthy before the rollout completes'),
      minActivePercent: z
        .number({ error: PERCENT_RULE })
        .min(0, { error: PERCENT_RULE })
        .max(100, { error: PERCENT_RULE })
        .default(95)
        .describe("share of the new profile's servers that must be active and not admin-locked"),
      healthWebhookUrl: z
        .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
        .optional()
        .describe('POSTed the cutover as JSON at each health check: 2xx healthy, another status unhealthy'),
      onUnhealthy: z
        .enum(['rollback', 'pause'], { error: 'must be "rollback" or "pause"' })
        .default('rollback')
        .describe('rollback: switch back at once; pause: wait in awaiting-operator (rollback, proceed, cancel)'),
      windows: windowsSchema()
        .optional()
        .describe(
          "weekly windows the cutover may start in (default: the rollout's windows); outside one it waits in scheduled",
        ),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'must be an object') },
  )
  .superRefine((c, ctx) => {
    if (c.fleetKind === 'allocation' && c.maxMachines !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxMachines'],
        message: 'applies to reservation fleets only (an allocation fleet changes profile per allocation)',
      });
    }
  });
export const cutoverInputSchema = () => CUTOVER_INPUT_SCHEMA;

export type CutoverInput = z.input<typeof CUTOVER_INPUT_SCHEMA>;
export type CutoverOptions = z.output<typeof CUTOVER_INPUT_SCHEMA>;

/** The switch's Timeout in milliseconds (validated by the schema). */
export function cutoverTimeoutMs(c: Pick<CutoverOptions, 'timeout'>): number {
  return parseGoDuration(c.timeout) ?? 15 * 60_000;
}
