import type { RolloutResult } from './status';

/**
 * The `rollout` workflow's signature: one raw argument (the workflow parses it) and its result.
 * The release starts rollouts by this type, so it needs none of the rollout's code.
 */
export type RolloutWorkflow = (rawInput: unknown) => Promise<RolloutResult>;
