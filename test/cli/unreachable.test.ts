import { ServiceError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { freePort } from '../../src/temporal/freePort';
import { fakeClient, run } from './helpers';

// Exit 3 means "cannot reach Temporal", told apart from a failed rollout (1), and fast when
// nothing listens at the address: the refusal itself is reported, not Connection.connect's wait
// for its deadline. (How fast is a figure for the bench, not a pass/fail here.)
async function runWithoutServer(argv: string[]): Promise<{ code: number; errLines: string[]; address: string }> {
  const address = `127.0.0.1:${await freePort()}`;
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: () => true },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    isTTY: false,
    env: { TEMPORAL_ADDRESS: address },
  });
  return { code, errLines: stderr.split('\n').filter(Boolean), address };
}

describe('cannot reach Temporal', () => {
  it.each([
    ['status', 'rollout-1-2'],
    ['start', '--asid', '1', '--image', '2', '--machine', '3'],
  ])('%s with the connection refused: exit 3 on the refusal, one line naming the address', async (...argv) => {
    const result = await runWithoutServer(argv);
    expect(result.code).toBe(3);
    expect(result.errLines).toHaveLength(1);
    expect(result.errLines[0]).toMatch(
      new RegExp(
        `^clanforge-rollout: cannot reach Temporal at ${result.address.replace(/\./g, '\\.')}: 14 UNAVAILABLE`,
      ),
    );
    expect(result.errLines[0]).toContain('ECONNREFUSED');
    expect(result.errLines[0]).not.toMatch(/deadline/i);
  });

  it('the server going away during a command: exit 3 as well', async () => {
    const client = fakeClient();
    const lost = new ServiceError('Failed to query Workflow', {
      cause: Object.assign(new Error('14 UNAVAILABLE: Connection dropped'), { code: 14 }),
    });
    client.getRollout.mockRejectedValueOnce(lost);
    const result = await run(['status', 'w1'], client);
    expect(result.code).toBe(3);
    expect(result.errLines).toHaveLength(1);
    expect(result.errLines[0]).toMatch(/^clanforge-rollout: cannot reach Temporal at 127\.0\.0\.1:1/);
  });
});
