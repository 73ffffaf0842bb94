import fc from 'fast-check';
import type { Client } from '@temporalio/client';
import { describe, expect, it, vi } from 'vitest';
import { InvalidRolloutInput, RolloutClient } from '../../src/client';
import { parseRolloutInput, rolloutInputSchema } from '../../src/contract/rollout/input';

const FIELDS = Object.keys(rolloutInputSchema.shape ?? {}) as string[];
const valid = { accountServiceId: 1001, imageId: 42, machineId: 7 };

/** A client whose Temporal side fails the test if anything is sent: bad input must stop first. */
function unreachableClient() {
  const start = vi.fn(() => Promise.reject(new Error('must not start')));
  const getHandle = vi.fn(() => ({ describe: () => Promise.reject(new Error('must not look up')) }));
  return { client: new RolloutClient({ workflow: { start, getHandle } } as unknown as Client, 'q'), start, getHandle };
}

function problemsOf(input: unknown): string[] | 'valid' {
  try {
    parseRolloutInput(input);
    return 'valid';
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRolloutInput);
    return (error as InvalidRolloutInput).problems;
  }
}

describe('rollout input, property-based', () => {
  it('knows the contract fields', () => {
    expect(FIELDS).toEqual(
      expect.arrayContaining([
        'accountServiceId',
        'imageId',
        'machineId',
        'installAt',
        'disablePercentage',
        'reinstallOnReject',
      ]),
    );
  });

  it('any JSON value is either valid or rejected with problems that each name a field or the whole input', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = problemsOf(value);
        if (result === 'valid') return;
        expect(result.length).toBeGreaterThan(0);
        for (const problem of result)
          expect(problem).toMatch(
            /^(([A-Za-z_$][\w$]*|"(?:[^"\\]|\\.)*")(\.[\w$]+)*: \S|rollout input must be a JSON object$)/,
          );
      }),
      { numRuns: 500 },
    );
  });

  it('one field set to a wrong value is named in the problems', () => {
    const wrong = fc.oneof(
      fc.string(),
      fc.double(),
      fc.integer({ min: -1000, max: 0 }),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer()),
      fc.object(),
    );
    fc.assert(
      fc.property(fc.constantFrom(...FIELDS), wrong, (field, value) => {
        const input = { ...valid, [field]: value };
        const result = problemsOf(input);
        if (result === 'valid') return; // the value happened to be valid for that field
        expect(
          result.some((p) => p.startsWith(`${field}:`) || (field.startsWith('disable') && p.startsWith('disable'))),
        ).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('unknown fields are each named', () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1, maxLength: 20 })
          .filter((k) => !FIELDS.includes(k) && !['__proto__', 'constructor'].includes(k)),
        (key) => {
          const shown = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
          expect(problemsOf({ ...valid, [key]: 1 })).toContain(`${shown}: unknown field`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the client library refuses every invalid input before anything reaches Temporal', async () => {
    const { client, start, getHandle } = unreachableClient();
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        if (problemsOf(value) === 'valid') return;
        await expect(client.startRollout(value as never)).rejects.toBeInstanceOf(InvalidRolloutInput);
      }),
      { numRuns: 300 },
    );
    expect(start).not.toHaveBeenCalled();
    expect(getHandle).not.toHaveBeenCalled();
  });
});
