import { resolve } from 'node:path';

/** The worker's workflowsPath: every workflow type it serves. */
export const WORKFLOWS_PATH = resolve(__dirname, '../workflows');

/**
 * Modules the workflow sandbox evaluates once per worker thread rather than once per workflow.
 * The SDK gives each workflow it instantiates (a start, or a replay after eviction from the
 * cache) a fresh evaluation of every module in the bundle, unless the module is preloaded; zod
 * and the contract's schemas were most of that cost (a fifth of the workflow thread's time with
 * 1,000 rollouts). They hold no per-workflow state, so sharing them is safe. The SDK deep-freezes
 * what a preloaded module exports, and a frozen zod schema cannot parse (zod materializes its
 * methods on first use), so the contract exports its schemas behind functions
 * (`rolloutInputSchema()`), whose closures the freeze does not reach.
 */
export const PRELOADED_MODULES = [
  'zod',
  resolve(__dirname, '../contract/rollout/input'),
  resolve(__dirname, '../contract/release/input'),
  resolve(__dirname, '../contract/freeze/state'),
];
