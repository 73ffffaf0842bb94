import { describe, expect, it } from 'vitest';
import { FreezeRefused } from '../../src/client';
import { fakeClient, run } from './helpers';

// `freeze`, `unfreeze` and `frozen` against a fake client: flags, words, exit codes.
describe('clanforge-rollout freeze, unfreeze and frozen', () => {
  it('freeze needs --reason (exit 2) and sends who, why and --include-rollbacks', async () => {
    const client = fakeClient();
    expect(await run(['freeze'], client)).toMatchObject({
      code: 2,
      stderr: 'clanforge-rollout: freeze needs --reason, e.g. --reason "incident 4711"\n',
    });
    expect(client.freeze).not.toHaveBeenCalled();
    const done = await run(
      ['freeze', '--reason', 'incident 4711', '--by', 'alice@ops-1', '--include-rollbacks'],
      client,
    );
    expect(client.freeze).toHaveBeenCalledWith({ reason: 'incident 4711', includeRollbacks: true, by: 'alice@ops-1' });
    expect(done).toMatchObject({ code: 0 });
    expect(done.stdout).toBe(
      'frozen by alice@ops-1: incident 4711 (rollbacks held too)\nno rollout, release or rollback creates anything until: clanforge-rollout unfreeze\n',
    );
  });

  it('freeze when frozen and unfreeze when not frozen say so, exit 1', async () => {
    const client = fakeClient();
    client.freeze.mockRejectedValueOnce(new FreezeRefused('already frozen by alice@ops-1 12 min ago: incident 4711'));
    expect(await run(['freeze', '--reason', 'again'], client)).toMatchObject({
      code: 1,
      stderr: 'clanforge-rollout: already frozen by alice@ops-1 12 min ago: incident 4711\n',
    });
    client.unfreeze.mockRejectedValueOnce(new FreezeRefused('not frozen'));
    expect(await run(['unfreeze'], client)).toMatchObject({ code: 1, stderr: 'clanforge-rollout: not frozen\n' });
  });

  it('frozen says who froze, how long ago and why; not frozen says so, exit 0 both', async () => {
    const client = fakeClient();
    expect(await run(['frozen'], client)).toMatchObject({ code: 0, stdout: 'not frozen\n' });
    const at = new Date(Date.now() - 12 * 60_000).toISOString();
    client.freezeState.mockResolvedValueOnce({
      frozen: true,
      revision: 3,
      freeze: { by: 'alice@ops-1', at, reason: 'incident 4711', includeRollbacks: false },
    });
    expect(await run(['frozen'], client)).toMatchObject({
      code: 0,
      stdout: 'frozen by alice@ops-1 12 min ago: incident 4711 (rollbacks still allowed)\n',
    });
  });
});

describe('clanforge-rollout start --window', () => {
  it('each --window is a window of the input; a malformed one or a bad field is a usage error naming it', async () => {
    const client = fakeClient();
    const ok = await run(
      [
        'start',
        '--asid',
        '1',
        '--image',
        '2',
        '--machine',
        '3',
        '--window',
        'Mon-Thu 02:00-05:00 Europe/London',
        '--window',
        'Sat 22:00-04:00 UTC',
      ],
      client,
    );
    expect(ok.code).toBe(0);
    expect(client.startRollout).toHaveBeenCalledWith(
      expect.objectContaining({
        windows: [
          { days: 'Mon-Thu', start: '02:00', end: '05:00', timeZone: 'Europe/London' },
          { days: 'Sat', start: '22:00', end: '04:00', timeZone: 'UTC' },
        ],
      }),
      expect.anything(),
    );
    expect(
      await run(['start', '--asid', '1', '--image', '2', '--machine', '3', '--window', 'nights'], client),
    ).toMatchObject({
      code: 2,
      stderr:
        'clanforge-rollout: --window: "nights" must be DAYS HH:MM-HH:MM TIMEZONE, e.g. "Mon-Thu 02:00-05:00 Europe/London"\n',
    });
    const zone = await run(
      ['start', '--asid', '1', '--image', '2', '--machine', '3', '--window', 'Mon 02:00-05:00 Mars/Base'],
      client,
    );
    expect(zone).toMatchObject({ code: 2 });
    expect(zone.stderr).toMatch(/windows\[0\]\.timeZone: unknown time zone "Mars\/Base"/);
  });
});
