import { describe, expect, it } from 'vitest';
import { fakeClient, run, type FakeClient } from './helpers';

// Every operator action takes --by NAME and hands it to the client; without it the client gets
// no name (undefined) and fills in user@host itself.
const COMMANDS: { argv: string[]; sent: (c: FakeClient) => unknown[] | undefined; options: number }[] = [
  { argv: ['cancel', 'w1', '--reason', 'wrong build'], sent: (c) => c.cancelRollout.mock.lastCall, options: 2 },
  { argv: ['retry', 'w1'], sent: (c) => c.retryRollout.mock.lastCall, options: 1 },
  { argv: ['approve', 'w1'], sent: (c) => c.approveRollout.mock.lastCall, options: 1 },
  { argv: ['reject', 'w1'], sent: (c) => c.rejectRollout.mock.lastCall, options: 2 },
  { argv: ['proceed', 'w1'], sent: (c) => c.proceedNow.mock.lastCall, options: 1 },
  { argv: ['release', 'promote', 'r142'], sent: (c) => c.promoteRelease.mock.lastCall, options: 1 },
  { argv: ['release', 'retry', 'r142'], sent: (c) => c.retryRelease.mock.lastCall, options: 1 },
  { argv: ['release', 'cancel', 'r142'], sent: (c) => c.cancelRelease.mock.lastCall, options: 2 },
];

describe('--by on every operator action', () => {
  it.each(COMMANDS)('$argv: --by reaches the client', async ({ argv, sent, options }) => {
    const client = fakeClient();
    expect((await run([...argv, '--by', 'alice@build-01'], client)).code).toBe(0);
    expect(sent(client)?.[options]).toMatchObject({ by: 'alice@build-01' });
  });

  it.each(COMMANDS)('$argv: without --by the client gets no name', async ({ argv, sent, options }) => {
    const client = fakeClient();
    expect((await run(argv, client)).code).toBe(0);
    const call = sent(client);
    expect(call).toBeDefined();
    expect((call?.[options] as { by?: string } | undefined)?.by).toBeUndefined();
  });

  it('keeps the other flags: retry --force --by, cancel --reason --by', async () => {
    const client = fakeClient();
    await run(['retry', 'w1', '--force', '--by', 'bob'], client);
    expect(client.retryRollout).toHaveBeenLastCalledWith('w1', { force: true, by: 'bob' });
    await run(['cancel', 'w1', '--by', ' bob@ci ', '--reason', 'bad build'], client);
    expect(client.cancelRollout).toHaveBeenLastCalledWith('w1', 'bad build', { by: 'bob@ci' });
  });

  it('unlock --reinstall: rejects the locking diff with reinstall=1', async () => {
    const client = fakeClient();
    expect((await run(['unlock', 'w1', '--reinstall', '--by', 'bob@ops-2'], client)).code).toBe(0);
    expect(client.unlockRollout).toHaveBeenLastCalledWith('w1', { reinstall: true, by: 'bob@ops-2' });
    expect((await run(['unlock', 'w1'], client)).code).toBe(0);
    expect(client.unlockRollout).toHaveBeenLastCalledWith('w1', { by: undefined });
  });

  it('an empty --by is a usage error and sends nothing', async () => {
    const client = fakeClient();
    const result = await run(['approve', 'w1', '--by', ' '], client);
    expect(result.code).toBe(2);
    expect(result.errLines).toEqual(['clanforge-rollout: --by needs a name, e.g. --by alice@build-01']);
    expect(client.approveRollout).not.toHaveBeenCalled();
  });

  it("is in each action's help", async () => {
    for (const argv of [
      ['approve', '--help'],
      ['release', 'promote', '--help'],
    ]) {
      expect((await run(argv, fakeClient())).stdout).toMatch(/--by <NAME>\s+who sends it/);
    }
  });
});
