import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRolloutInput } from '../../src/contract/rollout/input';
import { fakeClient, run } from '../cli/helpers';

const NUMERIC_FLAGS = ['--asid', '--image', '--machine', '--diff-retries', '--retry-delay', '--disable-timeout'];
const required = ['--asid', '1001', '--image', '42', '--machine', '7'];

function withFlag(flag: string, value: string): string[] {
  const args = [...required];
  const at = args.indexOf(flag);
  if (at >= 0) args[at + 1] = value;
  else args.push(flag, value);
  if (flag === '--disable-timeout') args.push('--disable-percentage', '50');
  return ['start', ...args];
}

describe('CLI flags, property-based', () => {
  it('a numeric flag that is not a valid integer for its rule: exit 2, one line naming the flag, nothing started', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...NUMERIC_FLAGS),
        fc.oneof(fc.string(), fc.double().map(String), fc.integer({ min: -100, max: 0 }).map(String)),
        async (flag, value) => {
          if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 20) return; // valid for every numeric flag
          if (value.startsWith('-') && value.length > 1 && !/^-\d/.test(value)) return; // looks like another flag to any CLI
          const client = fakeClient();
          const result = await run(withFlag(flag, value), client);
          if (result.code === 0) {
            // Accepted: then it really was a valid value, and what was started is a valid input.
            const [input] = client.startRollout.mock.calls[0] ?? [];
            expect(() => parseRolloutInput(input)).not.toThrow();
            return;
          }
          expect(result.code).toBe(2);
          expect(result.errLines).toHaveLength(1);
          expect(result.errLines[0]).toContain(flag);
          expect(client.startRollout).not.toHaveBeenCalled();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('--install-at takes ISO-8601 or unix seconds, and names itself otherwise', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.nat().map(String),
        ),
        async (value) => {
          if (value.startsWith('-')) return;
          const client = fakeClient();
          const result = await run(withFlag('--install-at', value), client);
          if (result.code === 0) {
            const [input] = client.startRollout.mock.calls[0] ?? [];
            expect(() => parseRolloutInput(input)).not.toThrow();
          } else {
            expect(result.errLines).toHaveLength(1);
            expect(result.errLines[0]).toContain('--install-at');
            expect(client.startRollout).not.toHaveBeenCalled();
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
