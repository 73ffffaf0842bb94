import { z } from 'zod';
import { rolloutInputSchema } from './input';

/** The rollout input as JSON Schema (draft 2020-12), from the same zod schema the workflow uses. */
export function rolloutInputJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(rolloutInputSchema(), { io: 'input', unrepresentable: 'any' }),
    $id: 'https://clanforge-rollout/schema/rollout-input.schema.json',
    title: 'clanforge-rollout: input of the `rollout` workflow',
    description:
      'One JSON object, the only argument of workflow type `rollout` on task queue `clanforge-rollout`. Also: disablePercentage and disableTimeoutMinutes go together.',
  };
}
