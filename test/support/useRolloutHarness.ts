import { afterAll, beforeAll, inject } from 'vitest';
import { startRolloutHarness, type HarnessOptions, type RolloutHarness } from './rolloutHarness';

/**
 * Starts a harness in beforeAll and closes it in afterAll of the enclosing suite (or file). The
 * returned object stands for that harness: using it before beforeAll ran is a test bug and throws.
 * `options` may be a function when they depend on something another beforeAll sets up.
 */
export function useRolloutHarness(options: HarnessOptions | (() => HarnessOptions)): RolloutHarness {
  let harness: RolloutHarness | undefined;
  beforeAll(async () => {
    harness = await startRolloutHarness(typeof options === 'function' ? options() : options, {
      temporalAddress: inject('temporalAddress'),
      workflowCodePath: inject('workflowCodePath'),
    });
  });
  afterAll(() => harness?.close());
  return new Proxy({} as RolloutHarness, {
    get(_target, property) {
      if (!harness) throw new Error(`rollout harness used before its beforeAll started it (.${String(property)})`);
      return harness[property as keyof RolloutHarness];
    },
  });
}
