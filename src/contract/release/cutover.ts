import { z } from 'zod';
import {
  cutoverInputSchema,
  fleetIdSchema,
  fleetKindSchema,
  profileIdSchema,
  type CutoverOptions,
} from '../cutover/input';
import { rolloutInputSchema } from '../rollout/input';
import { overrideOf } from './overrideOf';

/**
 * The release's cutover fields: an image's `cutover`, `defaults.cutover`, and an image entry's `pair`.
 *
 * A release image entry's `pair` (product contract, "Live"): a fleet's two images, each with its
 * own profile. The release reads which profile is live, rolls the build onto the other image and
 * cuts over to its profile, so the entry names both and the release picks one at its wave.
 */
const objectError = {
  error: (issue: { code: string }) => (issue.code === 'unrecognized_keys' ? undefined : 'must be an object'),
};

const rollout = rolloutInputSchema().shape;

const pairSideSchema = z.strictObject(
  {
    imageId: rollout.imageId,
    machineId: rollout.machineId,
    profileId: profileIdSchema().describe("this image's profile on the fleet"),
  },
  objectError,
);

const RELEASE_PAIR_SCHEMA = z
  .strictObject(
    {
      fleetId: fleetIdSchema().describe('the Clanforge fleet the two images serve'),
      fleetKind: fleetKindSchema().describe(
        'reservation: the live profile is the fleet switch status; allocation: the profile most servers run',
      ),
      images: z
        .array(pairSideSchema, {
          error: (i) => (i.input === undefined ? 'is required' : 'must be a list of two images'),
        })
        .length(2, { error: 'must list exactly two images, { imageId, machineId, profileId } each' })
        .describe("the fleet's two images: the one whose profile is not live gets the build"),
    },
    objectError,
  )
  .superRefine((pair, ctx) => {
    if (!Array.isArray(pair.images) || pair.images.length !== 2) return;
    const [a, b] = pair.images;
    if (!a || !b) return;
    if (a.profileId === b.profileId)
      ctx.addIssue({
        code: 'custom',
        path: ['images', 1, 'profileId'],
        message: `must differ from images[0].profileId (${a.profileId}): each image of a pair has its own profile`,
      });
    if (a.imageId === b.imageId)
      ctx.addIssue({
        code: 'custom',
        path: ['images', 1, 'imageId'],
        message: `must differ from images[0].imageId (${a.imageId}): a pair is two images`,
      });
  });
export const releasePairSchema = () => RELEASE_PAIR_SCHEMA;

export type ReleasePairInput = z.input<typeof RELEASE_PAIR_SCHEMA>;
export type ReleasePair = z.output<typeof RELEASE_PAIR_SCHEMA>;
export type PairSide = ReleasePair['images'][number];

/** What only an image or a pair names: `defaults.cutover` gives the rest. */
const PER_FLEET = ['fleetId', 'profileId', 'fleetKind'] as const;

/** The cutover's options as overrides (no defaults): an image's own win over `defaults.cutover`. */
const optionOverrides = Object.fromEntries(
  Object.entries(cutoverInputSchema().shape)
    .filter(([key]) => !(PER_FLEET as readonly string[]).includes(key))
    .map(([key, field]) => [key, overrideOf(field as z.ZodType)]),
) as { [K in Exclude<keyof CutoverOptions, (typeof PER_FLEET)[number]>]: z.ZodOptional<z.ZodType<CutoverOptions[K]>> };

/** An image entry's own `cutover`: the rollout's, its options merged over `defaults.cutover`. */
const IMAGE_CUTOVER_SCHEMA = z
  .strictObject(
    {
      fleetId: cutoverInputSchema().shape.fleetId,
      profileId: cutoverInputSchema().shape.profileId,
      fleetKind: cutoverInputSchema().shape.fleetKind,
      ...optionOverrides,
    },
    objectError,
  )
  .optional()
  .describe(
    "after the installs: switch the fleet to this image's profile, bake with health checks, roll back when unhealthy; options not given come from defaults.cutover",
  );
export const imageCutoverSchema = () => IMAGE_CUTOVER_SCHEMA;

/**
 * `defaults.cutover`: the cutover options every image that cuts over gets unless its own
 * `cutover` overrides them; without their defaults, so the rollout's schema fills those in.
 */
const DEFAULTS_CUTOVER_SCHEMA = z
  .strictObject(optionOverrides, objectError)
  .optional()
  .describe(
    'cutover options (bakeMinutes, minActivePercent, timeout, maxMachines, onUnhealthy, healthWebhookUrl) for every image that cuts over (its own cutover, or its pair); fleetId, fleetKind and profileId belong to each image',
  );
export const defaultsCutoverSchema = () => DEFAULTS_CUTOVER_SCHEMA;

export type DefaultsCutover = z.output<typeof DEFAULTS_CUTOVER_SCHEMA>;

/** Why a field is not accepted in `defaults.cutover`. */
export function defaultsCutoverFieldRule(key: string): string | undefined {
  return (PER_FLEET as readonly string[]).includes(key)
    ? `${key} belongs to each image's cutover (or its pair)`
    : undefined;
}

/** The rollout fields a pair side gives: its image, and the cutover to its profile. */
export function pairSideFields(
  pair: ReleasePair,
  side: number,
  defaults: DefaultsCutover,
): { imageId: number; machineId: number; cutover: Record<string, unknown> } {
  const chosen = pair.images[side]!;
  return {
    imageId: chosen.imageId,
    machineId: chosen.machineId,
    cutover: { fleetId: pair.fleetId, fleetKind: pair.fleetKind, profileId: chosen.profileId, ...defaults },
  };
}

/** Given by an image entry itself, or by its pair (one of the two images). */
const PAIR_GIVES = ['imageId', 'machineId', 'cutover'] as const;

/** An image entry gives imageId and machineId (and maybe cutover), or a pair instead. */
export function checkImageOrPair(
  image: { pair?: unknown } & Partial<Record<(typeof PAIR_GIVES)[number], unknown>>,
  ctx: z.RefinementCtx,
): void {
  if (image.pair === undefined) {
    for (const key of ['imageId', 'machineId'] as const)
      if (image[key] === undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: 'is required (or give pair)' });
    return;
  }
  for (const key of PAIR_GIVES)
    if (image[key] !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: 'cannot be given with pair: the pair names both images, and cutover options go in defaults.cutover',
      });
}

/** Where a composed rollout input's problem was given: a pair's cutover options come from defaults.cutover. */
export function composedIssueAt(
  pair: ReleasePair | undefined,
  index: number,
  issue: { path: PropertyKey[]; message: string },
): { path: PropertyKey[]; message: string } {
  if (!pair || issue.path[0] !== 'cutover') return { path: ['images', index, ...issue.path], message: issue.message };
  return {
    path: ['defaults', ...issue.path],
    message: `${issue.message}: images[${index}].pair is ${pair.fleetKind} fleet ${pair.fleetId}`,
  };
}
