import { z } from 'zod';
import { rolloutInputSchema, type RolloutInput, type RolloutOptions } from '../rollout/input';
import { problemsOf } from '../inputProblems';
import { installAtProblems } from '../rollout/installAhead';
import {
  checkImageOrPair,
  composedIssueAt,
  defaultsCutoverFieldRule,
  defaultsCutoverSchema,
  imageCutoverSchema,
  pairSideFields,
  releasePairSchema,
} from './cutover';
import { overrideOf } from './overrideOf';

/**
 * The release's one argument (product contract, "Releases"). One zod schema is the TypeScript
 * type, the workflow's and the CLI's validation, and schema/release-input.schema.json. Each
 * image's rollout input is the rollout's own schema applied to defaults, the release's build
 * fields and the image's overrides, so a release accepts exactly what a rollout accepts.
 */
const rule = (text: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : text);

const IDS = ['accountServiceId', 'imageId', 'machineId'] as const;
/** Given once for the whole release (and so refused in `defaults`, where they would be ambiguous). */
const RELEASE_FIELDS = ['gameBuild', 'updateUrl', 'installAt', 'maxInstallAheadDays', 'windows'] as const;

/** Most images one release moves: its status and history stay bounded by this. */
export const MAX_IMAGES = 500;

const rolloutShape = rolloutInputSchema().shape;
const overrides = Object.fromEntries(
  Object.entries(rolloutShape)
    .filter(([key]) => !(IDS as readonly string[]).includes(key))
    .map(([key, field]) => [key, overrideOf(field as z.ZodType)]),
) as {
  [K in Exclude<keyof typeof rolloutShape, (typeof IDS)[number]>]: z.ZodOptional<
    z.ZodType<RolloutOptions[K], RolloutInput[K]>
  >;
};

const releaseImageSchema = z
  .strictObject(
    {
      accountServiceId: rolloutShape.accountServiceId,
      imageId: rolloutShape.imageId.optional().describe('the image (required unless the entry gives pair)'),
      machineId: rolloutShape.machineId
        .optional()
        .describe("the image's reference machine (required unless the entry gives pair)"),
      pair: releasePairSchema()
        .optional()
        .describe(
          "instead of imageId and machineId: a fleet's two images; the release rolls the build onto the one whose profile is not live and cuts over to it",
        ),
      wave: z
        .int({ error: rule('must be an integer >= 1') })
        .min(1, { error: 'must be an integer >= 1' })
        .max(100, { error: 'must be at most 100' })
        .default(1)
        .describe('the wave this image moves in (1 first); waves are numbered 1 to N without gaps'),
      ...overrides,
      cutover: imageCutoverSchema(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'must be an object') },
  )
  .superRefine(checkImageOrPair);

const { gameBuild, updateUrl, installAt, maxInstallAheadDays, windows, cutover: _cutover, ...defaultable } = overrides;

const RELEASE_INPUT_SCHEMA = z
  .strictObject(
    {
      releaseId: z
        .string({ error: rule('must be a string') })
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, {
          error: 'must be 1-100 letters, digits, ".", "_" or "-", starting with a letter or digit',
        })
        .describe('names the release: workflow id release-<releaseId>, search attribute ReleaseId'),
      gameBuild: gameBuild.describe('the build every image gets (imageversion game_build)'),
      updateUrl: updateUrl.describe(
        "when given, each image's rollout first runs image update create on its machine from this URL",
      ),
      installAt: installAt.describe(
        "earliest time each image's version is created and installed; absent = as soon as its wave starts",
      ),
      maxInstallAheadDays: maxInstallAheadDays.describe(
        "installAt (the release's or an image's) may be at most this many days after the start; default 30",
      ),
      windows: windows.describe(
        'weekly deployment windows for every image (an image may give its own): versions are created and cutovers started only inside one',
      ),
      pauseBetweenWaves: z
        .boolean({ error: 'must be true or false' })
        .default(true)
        .describe('after each wave but the last, wait in awaiting-promotion for promote'),
      notify: z
        .boolean({ error: 'must be true or false' })
        .default(false)
        .describe(
          "post the release's own events (wave started, awaiting promotion or an operator, ended) to the worker's webhook; rollouts notify with defaults.notify",
        ),
      defaults: z
        .strictObject(
          { ...defaultable, cutover: defaultsCutoverSchema() },
          {
            error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'must be an object'),
          },
        )
        .default({})
        .describe(
          'rollout input fields every image gets unless it overrides them (not the ids, nor gameBuild, updateUrl, installAt, maxInstallAheadDays, windows: give those at the top level)',
        ),
      images: z
        .array(releaseImageSchema, { error: rule('must be a list of images') })
        .min(1, { error: 'must list at least one image' })
        .max(MAX_IMAGES, { error: `must list at most ${MAX_IMAGES} images` })
        .describe(
          'the images, each { accountServiceId, imageId, machineId, wave?, ...any rollout input field as an override }',
        ),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'release input must be a JSON object') },
  )
  .superRefine((release, ctx) => {
    // Zod runs this even when fields failed their own rules: look only at what is well formed.
    if (!Array.isArray(release.images)) return;
    const images = release.images.filter(wellFormed);
    checkDuplicates(release.images, ctx);
    checkWaves(images, ctx);
    images.forEach((image) => {
      const index = release.images.indexOf(image);
      for (const side of image.pair ? [0, 1] : [0]) {
        const composed = rolloutInputSchema().safeParse(composeRolloutInput(release, image, side));
        if (composed.success) continue;
        // Each field's own rule was checked above; what is left spans fields (disablePercentage with its timeout).
        for (const issue of composed.error.issues.filter((i) => i.code === 'custom'))
          ctx.addIssue({ code: 'custom', ...composedIssueAt(image.pair, index, issue) });
      }
    });
  });
export const releaseInputSchema = () => RELEASE_INPUT_SCHEMA;

function wellFormed(image: ReleaseImage): boolean {
  if (typeof image !== 'object' || image === null || !Number.isInteger(image.wave)) return false;
  if (image.pair === undefined) return true;
  const sides: unknown = image.pair.images;
  return (
    Array.isArray(sides) &&
    sides.length === 2 &&
    sides.every((side: unknown) => typeof side === 'object' && side !== null)
  );
}

function checkDuplicates(images: ReleaseImage[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  images.forEach((image, index) => {
    if (!wellFormed(image)) return;
    // A pair's two images are each one image of the release (the pair itself refuses them equal).
    const imageIds = new Set(image.pair ? image.pair.images.map((side) => side.imageId) : [image.imageId]);
    for (const imageId of imageIds) {
      const key = `${image.accountServiceId}/${imageId}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else
        ctx.addIssue({
          code: 'custom',
          path: ['images', index],
          message: `duplicate of images[${first}] (image ${imageId} on ASID ${image.accountServiceId}): an image moves once per release`,
        });
    }
  });
}

function checkWaves(images: ReleaseImage[], ctx: z.RefinementCtx): void {
  if (images.length === 0) return;
  const highest = Math.max(...images.map((image) => image.wave));
  const used = new Set(images.map((image) => image.wave));
  const missing = Array.from({ length: highest }, (_, i) => i + 1).filter((wave) => !used.has(wave));
  if (missing.length > 0)
    ctx.addIssue({
      code: 'custom',
      path: ['images'],
      message: `waves must be numbered 1 to ${highest} without gaps: no image is in wave ${missing.join(', ')}`,
    });
}

/** What a caller sends (defaults optional). */
export type ReleaseInput = z.input<typeof RELEASE_INPUT_SCHEMA>;
/** What the workflow works with (defaults filled in). */
export type ReleaseOptions = z.output<typeof RELEASE_INPUT_SCHEMA>;
export type ReleaseImage = ReleaseOptions['images'][number];

export class InvalidReleaseInput extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid release input: ${problems.join('; ')}`);
    this.name = 'InvalidReleaseInput';
  }
}

/**
 * Validates and fills defaults; throws InvalidReleaseInput naming every bad field (`images[2].imageId: …`).
 * With `nowMs` (a start), each image's installAt is also checked against it, as a rollout's is.
 */
export function parseReleaseInput(raw: unknown, nowMs?: number): ReleaseOptions {
  const parsed = RELEASE_INPUT_SCHEMA.safeParse(raw);
  // One rule broken by two images (a defaults.cutover option two pairs refuse) is said once.
  if (!parsed.success) throw new InvalidReleaseInput([...new Set(problemsOf(parsed.error.issues, unknownFieldRule))]);
  const problems = nowMs === undefined ? [] : installAtProblemsOf(parsed.data, nowMs);
  if (problems.length > 0) throw new InvalidReleaseInput(problems);
  return parsed.data;
}

/** Each image's installAt against `nowMs`, named where it was given (the release's, or an image's own). */
export function installAtProblemsOf(release: ReleaseOptions, nowMs: number): string[] {
  const inputs = rolloutInputsOf(release);
  const problems = release.images.flatMap((image, index) =>
    installAtProblems(
      inputs[index]!,
      nowMs,
      image.installAt === undefined ? 'installAt' : `images[${index}].installAt`,
    ),
  );
  return [...new Set(problems)];
}

/** Why a field is not accepted where it was given. */
function unknownFieldRule(path: readonly PropertyKey[], key: string): string {
  if (path.length === 2 && path[0] === 'defaults' && path[1] === 'cutover')
    return defaultsCutoverFieldRule(key) ?? 'unknown field';
  if (path.length !== 1 || path[0] !== 'defaults') return 'unknown field';
  if ((RELEASE_FIELDS as readonly string[]).includes(key))
    return `give ${key} at the top level of the release (or per image)`;
  if ((IDS as readonly string[]).includes(key)) return `${key} belongs to each image`;
  return 'unknown field';
}

/**
 * One image's rollout input: defaults, then the release's build fields, then the image's own
 * overrides (its cutover's options over defaults.cutover). For a pair, `side` (0 or 1) is the
 * image chosen: its image, machine and a cutover to its profile.
 */
export function composeRolloutInput(
  release: Pick<ReleaseOptions, 'defaults' | (typeof RELEASE_FIELDS)[number]>,
  image: ReleaseImage,
  side = 0,
): RolloutInput {
  const { wave: _wave, pair, ...own } = image;
  const { cutover: defaultsCutover, ...defaults } = release.defaults;
  const fromRelease = Object.fromEntries(
    RELEASE_FIELDS.filter((key) => release[key] !== undefined).map((key) => [key, release[key]]),
  );
  const merged: Record<string, unknown> = { ...defaults, ...fromRelease };
  for (const [key, value] of Object.entries(own)) if (value !== undefined) merged[key] = value;
  if (own.cutover) merged.cutover = { ...defaultsCutover, ...definedOf(own.cutover) };
  if (pair) Object.assign(merged, pairSideFields(pair, side, defaultsCutover ?? {}));
  return merged as RolloutInput;
}

function definedOf(fields: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** Every image's parsed rollout input (the release's input already validated them); a pair's first image. */
export function rolloutInputsOf(release: ReleaseOptions): RolloutOptions[] {
  return release.images.map((image) => rolloutInputSchema().parse(composeRolloutInput(release, image)));
}

/** The rollout input of each image the release may roll (both of a pair): a running rollout of either conflicts. */
export function candidateRolloutInputsOf(release: ReleaseOptions): RolloutOptions[] {
  return release.images.flatMap((image) =>
    (image.pair ? [0, 1] : [0]).map((side) => rolloutInputSchema().parse(composeRolloutInput(release, image, side))),
  );
}

/** How many waves the release has (numbered 1 to N). */
export function waveCount(release: ReleaseOptions): number {
  return Math.max(...release.images.map((image) => image.wave));
}

export function defaultReleaseWorkflowId(input: Pick<ReleaseInput, 'releaseId'>): string {
  return `release-${input.releaseId}`;
}
