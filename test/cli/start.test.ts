import { describe, expect, it } from 'vitest';
import { fakeClient, run } from './helpers';

const REQUIRED = ['--asid', '1001', '--image', '31', '--machine', '7'];

/** Runs `start` with extra flags and expects a usage error naming the flag. */
async function refused(args: string[]) {
  const client = fakeClient();
  const result = await run(['start', ...args], client);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.errLines).toHaveLength(1);
  expect(result.errLines[0]).toMatch(/^clanforge-rollout: /);
  // Validation happens before any network call: not even a connection.
  expect(client.startRollout).not.toHaveBeenCalled();
  return result.errLines[0];
}

describe('start: flag validation names the flag', () => {
  it('missing --asid (and only it)', async () => {
    expect(await refused(['--image', '31', '--machine', '7'])).toBe('clanforge-rollout: --asid: is required');
  });

  it('every missing required flag at once', async () => {
    const line = await refused([]);
    expect(line).toContain('--asid: is required');
    expect(line).toContain('--image: is required');
    expect(line).toContain('--machine: is required');
  });

  it('--asid 0', async () => {
    expect(await refused(['--asid', '0', '--image', '31', '--machine', '7'])).toBe(
      'clanforge-rollout: --asid: must be a positive integer',
    );
  });

  it('--asid 12abc is not read as 12', async () => {
    expect(await refused(['--asid', '12abc', '--image', '31', '--machine', '7'])).toBe(
      'clanforge-rollout: --asid: must be a positive integer',
    );
  });

  it('--image 1.5 and --machine -3', async () => {
    const line = await refused(['--asid', '1', '--image', '1.5', '--machine', '-3']);
    expect(line).toContain('--image: must be a positive integer');
    expect(line).toContain('--machine: must be a positive integer');
  });

  it('--install-at garbage', async () => {
    expect(await refused([...REQUIRED, '--install-at', 'garbage'])).toMatch(
      /^clanforge-rollout: --install-at: must be an ISO-8601 date-time/,
    );
  });

  it('--disable-percentage without --disable-timeout', async () => {
    const line = await refused([...REQUIRED, '--disable-percentage', '25']);
    expect(line).toMatch(/^clanforge-rollout: --disable-timeout: /);
    expect(line).toContain('--disable-percentage');
    expect(line).not.toMatch(/disableTimeoutMinutes|disablePercentage/);
  });

  it('--disable-percentage out of range, --disable-timeout 0, --diff-retries x, --retry-delay 2s', async () => {
    const line = await refused([
      ...REQUIRED,
      '--disable-timeout',
      '0',
      '--disable-percentage',
      '101',
      '--diff-retries',
      'x',
      '--retry-delay',
      '2s',
    ]);
    expect(line).toContain('--disable-timeout: must be an integer >= 1');
    expect(line).toContain('--disable-percentage: must be a number from 0 to 100');
    expect(line).toContain('--diff-retries: must be an integer >= 0');
    expect(line).toContain('--retry-delay: must be an integer >= 0');
  });

  it('--update-url with an unsupported scheme', async () => {
    expect(await refused([...REQUIRED, '--update-url', 'ftp://x/y'])).toBe(
      'clanforge-rollout: --update-url: must be an http(s), s3, gs or steam URL',
    );
  });

  it('an unknown flag', async () => {
    expect(await refused([...REQUIRED, '--bogus'])).toMatch(/^clanforge-rollout: unknown option '--bogus'/);
  });

  it('a flag without its value', async () => {
    expect(await refused(['--asid'])).toMatch(/--asid/);
  });
});

describe('start: builds the RolloutInput', () => {
  it('only the required fields when only they are given', async () => {
    const client = fakeClient();
    const result = await run(['start', ...REQUIRED], client);
    expect(result.code).toBe(0);
    expect(client.startRollout).toHaveBeenCalledTimes(1);
    expect(client.startRollout).toHaveBeenCalledWith({ accountServiceId: 1001, imageId: 31, machineId: 7 }, {});
    expect(result.stdout).toContain('started rollout rollout-1001-31');
    expect(result.stdout).toContain('watch it: npx clanforge-rollout watch rollout-1001-31');
    expect(result.stderr).toBe('');
    expect(client.close).toHaveBeenCalled();
  });

  it('every flag maps to its field', async () => {
    const client = fakeClient();
    const result = await run(
      [
        'start',
        ...REQUIRED,
        '--game-build',
        '1.4.2',
        '--install-at',
        '2026-12-01T10:00:00Z',
        '--update-url',
        'steam://app/123/depot/4',
        '--update-description',
        'nightly',
        '--restart',
        '--full',
        '--force',
        '--disable-timeout',
        '15',
        '--disable-percentage',
        '12.5',
        '--diff-retries',
        '0',
        '--retry-delay',
        '45',
        '--require-approval',
        '--no-reinstall-on-reject',
        '--workflow-id',
        'my-rollout',
      ],
      client,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(client.startRollout).toHaveBeenCalledWith(
      {
        accountServiceId: 1001,
        imageId: 31,
        machineId: 7,
        gameBuild: '1.4.2',
        installAt: '2026-12-01T10:00:00Z',
        updateUrl: 'steam://app/123/depot/4',
        updateDescription: 'nightly',
        restart: true,
        full: true,
        force: true,
        disableTimeoutMinutes: 15,
        disablePercentage: 12.5,
        diffRetries: 0,
        retryDelaySeconds: 45,
        requireApproval: true,
        reinstallOnReject: false,
      },
      { workflowId: 'my-rollout' },
    );
  });

  it('--install-at in unix seconds becomes a number', async () => {
    const client = fakeClient();
    expect((await run(['start', ...REQUIRED, '--install-at', '1796119200'], client)).code).toBe(0);
    expect(client.startRollout.mock.calls[0]?.[0]).toMatchObject({ installAt: 1796119200 });
  });

  it('says so when it attached to a running rollout', async () => {
    const client = fakeClient();
    client.startRollout.mockResolvedValueOnce({ workflowId: 'rollout-1001-31', runId: 'run-0', started: false });
    const result = await run(['start', ...REQUIRED], client);
    expect(result.stdout).toMatch(/attached to the already running rollout rollout-1001-31/);
  });

  it('--json prints parseable JSON and nothing else', async () => {
    const client = fakeClient();
    const result = await run(['start', ...REQUIRED, '--json'], client);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ workflowId: 'rollout-1001-31', runId: 'run-1', started: true });
  });

  it('--json also works before the command', async () => {
    const result = await run(['--json', 'start', ...REQUIRED], fakeClient());
    expect(JSON.parse(result.stdout)).toMatchObject({ started: true });
  });
});
