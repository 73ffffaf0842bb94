import { releaseInputSchema as releaseSchema } from '../contract/release/input';
import { rolloutInputSchema as rolloutSchema } from '../contract/rollout/input';

// The contract keeps its zod schemas behind functions (the worker preloads the contract into the
// workflow sandbox, which freezes what a module exports); the library exports the schemas themselves.

/** The rollout input's zod schema: `rolloutInputSchema.safeParse(input)`. */
export const rolloutInputSchema = rolloutSchema();
/** The release input's zod schema. */
export const releaseInputSchema = releaseSchema();
