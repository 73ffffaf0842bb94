import { z } from 'zod';
import { releaseInputSchema } from './input';

/** The release input as JSON Schema (draft 2020-12), from the same zod schema the workflow uses. */
export function releaseInputJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(releaseInputSchema(), { io: 'input', unrepresentable: 'any' }),
    $id: 'https://clanforge-rollout/schema/release-input.schema.json',
    title: 'clanforge-rollout: input of the `release` workflow',
    description:
      "One JSON object, the only argument of workflow type `release` on task queue `clanforge-rollout`. Also checked: no image twice (same accountServiceId and imageId), waves numbered 1 to N without gaps, each image entry gives imageId and machineId (and maybe cutover) or else pair (two images with different imageIds and profileIds), and each image's composed rollout input (defaults, then gameBuild/updateUrl/installAt, then the image's own fields; for a pair, each of its two images with a cutover to its profile and defaults.cutover) passes schema/rollout-input.schema.json.",
  };
}
