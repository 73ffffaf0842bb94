import fc from 'fast-check';
import type { Client } from '@temporalio/client';
import { describe, expect, it, vi } from 'vitest';
import { InvalidRolloutInput, RolloutClient } from '../../src/client';
import { parseRolloutInput, rolloutInputSchema } from '../../src/contract/rollout/input';
import { FIELD_CASES, inputWithOneBadField, validInput } from './rolloutInputCases';

const FIELDS = Object.keys(rolloutInputSchema().shape ?? {}) as string[];
const valid = { accountServiceId: 1001, imageId: 42, machineId: 7 };
/** A problem names a field (or a quoted key) and states its rule, or refuses the whole input. */
const PROBLEM = /^(([A-Za-z_$][\w$]*|"(?:[^"\\]|\\.)*")(\.[\w$]+|\[\d+\])*: \S|rollout input must be a JSON object$)/;

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
  it('knows the contract fields, and the cases below cover each of them', () => {
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
    expect(Object.keys(FIELD_CASES).sort()).toEqual([...FIELDS].sort());
  });

  it('every input the contract allows is accepted', () => {
    fc.assert(
      fc.property(validInput, (input) => {
        expect(problemsOf(input)).toBe('valid');
      }),
      { numRuns: 500 },
    );
  });

  it('one field set to a refused value: rejected, and that field is named', () => {
    const rejectedPerField: Record<string, number> = {};
    fc.assert(
      fc.property(inputWithOneBadField, ({ field, input }) => {
        const problems = problemsOf(input);
        expect(problems).not.toBe('valid');
        // A nested field (cutover.timeout, windows[0].timeZone) is named by its path.
        expect(problems).toEqual(
          expect.arrayContaining([expect.stringMatching(new RegExp(`^${field}(\\[\\d+\\])?(\\.\\w+)?: \\S`))]),
        );
        rejectedPerField[field] = (rejectedPerField[field] ?? 0) + 1;
      }),
      { numRuns: 1000 },
    );
    // Every field had its refused values tried, not just a few of them.
    expect(Object.keys(rejectedPerField).sort()).toEqual([...FIELDS].sort());
  });

  it('valid, broken and arbitrary JSON mixed: each answered right, and a good share of them refused', () => {
    const outcomes = { accepted: 0, rejected: 0 };
    const anyInput = fc.oneof(
      validInput.map((input) => ({ input, allowed: true as boolean | undefined })),
      inputWithOneBadField.map(({ input }) => ({ input: input as unknown, allowed: false as boolean | undefined })),
      // Anything at all: allowed or not is for the schema to say; its problems must still read right.
      fc.jsonValue().map((input) => ({ input: input as unknown, allowed: undefined as boolean | undefined })),
    );
    fc.assert(
      fc.property(anyInput, ({ input, allowed }) => {
        const problems = problemsOf(input);
        const accepted = problems === 'valid';
        outcomes[accepted ? 'accepted' : 'rejected']++;
        const listed = problems === 'valid' ? [] : problems;
        expect(allowed ?? accepted).toBe(accepted);
        // Refused means at least one problem, and each one reads "field: rule".
        expect(listed.length > 0).toBe(!accepted);
        expect(listed.filter((problem) => !PROBLEM.test(problem))).toEqual([]);
      }),
      { numRuns: 600 },
    );
    // A third of the cases are built to be refused, and nearly all arbitrary JSON is: a schema
    // that let them through would show here even if each case above looked fine.
    expect(outcomes.rejected).toBeGreaterThan(600 * 0.5);
    expect(outcomes.accepted).toBeGreaterThan(600 * 0.2);
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
    const invalid = fc.oneof(
      inputWithOneBadField.map(({ input }) => input as unknown),
      fc.jsonValue().filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)),
    );
    await fc.assert(
      fc.asyncProperty(invalid, async (value) => {
        await expect(client.startRollout(value as never)).rejects.toBeInstanceOf(InvalidRolloutInput);
      }),
      { numRuns: 300 },
    );
    expect(start).not.toHaveBeenCalled();
    expect(getHandle).not.toHaveBeenCalled();
  });
});
