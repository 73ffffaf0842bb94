import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRolloutInput } from '../../src/contract/rollout/input';
import { fakeClient, run } from '../cli/helpers';

/** Each numeric flag of `start` and the integers its rule allows (the rollout input's rules); ids have no maximum. */
const NUMERIC_FLAGS: Record<string, [min: number, max?: number]> = {
  '--asid': [1],
  '--image': [1],
  '--machine': [1],
  '--diff-retries': [0, 20],
  '--retry-delay': [0, 86_400],
  '--disable-timeout': [1],
};
const required = ['--asid', '1001', '--image', '42', '--machine', '7'];

function withFlag(flag: string, value: string): string[] {
  const args = [...required];
  const at = args.indexOf(flag);
  if (at >= 0) args[at + 1] = value;
  else args.push(flag, value);
  if (flag === '--disable-timeout') args.push('--disable-percentage', '50');
  return ['start', ...args];
}

/** Words that are not integers (and do not look like another flag, which any CLI would take as one). */
const notAnInteger = fc.oneof(
  fc.constantFrom('', '1.5', '12abc', '0x10', '1e3', ' 7', 'seven'),
  fc.string().filter((s) => !/^-?\d+$/.test(s) && !(s.startsWith('-') && !/^-\d/.test(s))),
);

interface FlagCase {
  flag: string;
  value: string;
  allowed: boolean;
}

const numericCase: fc.Arbitrary<FlagCase> = fc.constantFrom(...Object.keys(NUMERIC_FLAGS)).chain((flag) => {
  const [min, max] = NUMERIC_FLAGS[flag]!;
  const valid = (max === undefined ? fc.maxSafeInteger().filter((n) => n >= min) : fc.integer({ min, max })).map(
    String,
  );
  const invalid = fc.oneof(
    fc.integer({ min: min - 1_000, max: min - 1 }).map(String),
    ...(max === undefined ? [] : [fc.integer({ min: max + 1, max: max + 1_000_000 }).map(String)]),
    notAnInteger,
  );
  return fc.oneof(
    valid.map((value) => ({ flag, value, allowed: true })),
    invalid.map((value) => ({ flag, value, allowed: false })),
  );
});

// Allowed: any past time, or up to 29 days ahead (the default maxInstallAheadDays is 30).
const latestAllowed = new Date(Date.now() + 29 * 86_400_000);
const installAtCase: fc.Arbitrary<FlagCase> = fc.oneof(
  fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: latestAllowed, noInvalidDate: true })
    .map((d) => ({ flag: '--install-at', value: d.toISOString(), allowed: true })),
  fc
    .nat({ max: Math.floor(latestAllowed.getTime() / 1000) })
    .map((n) => ({ flag: '--install-at', value: String(n), allowed: true })),
  // Too far ahead, or milliseconds: refused.
  fc
    .date({ min: new Date(Date.now() + 31 * 86_400_000), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => ({ flag: '--install-at', value: d.toISOString(), allowed: false })),
  fc
    .integer({ min: 1e11 + 1, max: Number.MAX_SAFE_INTEGER })
    .map((n) => ({ flag: '--install-at', value: String(n), allowed: false })),
  {
    weight: 2,
    arbitrary: fc
      .oneof(fc.constantFrom('tomorrow', '2026-12-01T10:00:00', '2026-12-01', '1.5', '12abc'), notAnInteger)
      .map((value) => ({ flag: '--install-at', value, allowed: false })),
  },
);

/**
 * Runs `start` with the case's flag: an allowed value starts a valid input; a refused one exits 2
 * with one line naming the flag and starts nothing. Returns whether it was refused.
 */
async function checkCase({ flag, value, allowed }: FlagCase): Promise<boolean> {
  const client = fakeClient();
  const result = await run(withFlag(flag, value), client);
  expect({ flag, value, code: result.code }).toEqual({ flag, value, code: allowed ? 0 : 2 });
  expect(client.startRollout).toHaveBeenCalledTimes(allowed ? 1 : 0);
  const started = client.startRollout.mock.calls.map(([input]) => parseRolloutInput(input));
  expect(started).toHaveLength(allowed ? 1 : 0);
  expect(result.errLines).toHaveLength(allowed ? 0 : 1);
  expect(result.errLines.every((line) => line.includes(flag))).toBe(true);
  return !allowed;
}

describe('CLI flags, property-based', () => {
  it.each([
    ['a numeric flag', numericCase, 400],
    ['--install-at (ISO-8601 or unix seconds)', installAtCase, 200],
  ] as const)('%s: allowed values start, refused ones exit 2 naming the flag', async (_name, cases, numRuns) => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(cases, async (flagCase) => {
        if (await checkCase(flagCase)) refused++;
      }),
      { numRuns },
    );
    // Refusals are a large share by construction: a CLI that let them through would fail above,
    // and a generator that stopped making them would fail here.
    expect(refused).toBeGreaterThan(numRuns * 0.3);
    expect(refused).toBeLessThan(numRuns * 0.8);
  });
});
