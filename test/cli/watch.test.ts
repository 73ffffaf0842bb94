import { describe, expect, it } from 'vitest';
import type { RolloutStatus } from '../../src/client';
import { progressLine } from '../../src/cli/progress';
import { fakeClient, run, status } from './helpers';

const job = (progress: number): Partial<RolloutStatus> => ({
  job: {
    kind: 'diff',
    id: 77,
    jobstateid: 3,
    jobstatename: 'InProgress',
    jobprogress: progress,
    jobeta: 1_796_119_200,
    jobfailed: 0,
    jobupdated: 0,
  },
  jobstatename: 'InProgress',
  jobprogress: progress,
  jobeta: 1_796_119_200,
});

const toCompletion = [
  status({ phase: 'diffing', ...job(10) }),
  status({ phase: 'diffing', ...job(60) }),
  status({ phase: 'installing', step: 'install' }),
  status({ phase: 'completed', step: null }),
];

describe('watch', () => {
  it('not a TTY: one JSON object per line per change, exit 0 on completed', async () => {
    const client = fakeClient({ watchStatuses: toCompletion });
    const result = await run(['watch', 'rollout-1001-31', '--interval', '250'], client);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(client.watchRollout).toHaveBeenCalledWith('rollout-1001-31', { intervalMs: 250 });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    const parsed = lines.map((line) => JSON.parse(line) as RolloutStatus);
    expect(parsed.map((s) => s.phase)).toEqual(['diffing', 'diffing', 'installing', 'completed']);
    expect(parsed[1]?.jobprogress).toBe(60);
  });

  it('not a TTY: exit 1 on failed, with one stderr line saying why', async () => {
    const client = fakeClient({
      watchStatuses: [
        status({ phase: 'diffing' }),
        status({ phase: 'failed', step: null, lastError: 'version create refused' }),
      ],
    });
    const result = await run(['watch', 'w1'], client);
    expect(result.code).toBe(1);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(result.errLines).toEqual(['clanforge-rollout: rollout w1 failed: version create refused']);
  });

  it('exit 1 on cancelled and rejected too', async () => {
    for (const phase of ['cancelled', 'rejected'] as const) {
      const result = await run(['watch', 'w1'], fakeClient({ watchStatuses: [status({ phase, step: null })] }));
      expect(result.code).toBe(1);
      expect(result.errLines).toEqual([`clanforge-rollout: rollout w1 ${phase}`]);
    }
  });

  it('in a TTY: a bar redrawn with \\r showing phase, step, job state, % and eta', async () => {
    const client = fakeClient({ watchStatuses: toCompletion });
    const result = await run(['watch', 'w1'], client, { isTTY: true, columns: 200 });
    expect(result.code).toBe(0);
    const frames = result.stdout.split('\r').filter(Boolean);
    expect(frames.length).toBeGreaterThanOrEqual(4);
    expect(frames[1]).toContain('diffing · diff · InProgress');
    expect(frames[1]).toContain('60%');
    expect(frames[1]).toMatch(/\[#+-+\]/);
    expect(frames[1]).toContain(`eta ${new Date(1_796_119_200_000).toISOString()}`);
    expect(result.stdout).toMatch(/rollout w1 completed\n$/);
    expect(result.stdout).not.toContain('{');
  });

  it('in a TTY with --json: JSON lines anyway', async () => {
    const result = await run(['watch', 'w1', '--json'], fakeClient({ watchStatuses: toCompletion }), { isTTY: true });
    expect(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as RolloutStatus).phase),
    ).toHaveLength(4);
  });

  it('the bar line is cut to the terminal width', async () => {
    const result = await run(['watch', 'w1'], fakeClient({ watchStatuses: toCompletion }), {
      isTTY: true,
      columns: 40,
    });
    for (const frame of result.stdout.split('\r').filter(Boolean).slice(0, 3))
      expect(frame.replace('\x1b[K', '').length).toBeLessThanOrEqual(39);
  });

  it('--interval must be a positive integer', async () => {
    const result = await run(['watch', 'w1', '--interval', 'fast'], fakeClient());
    expect(result.code).toBe(2);
    expect(result.errLines).toEqual(['clanforge-rollout: --interval: must be a positive integer']);
  });
});

describe('watch lines', () => {
  it('while installing, the bar is the fleet: machines done of the total, with the failed', () => {
    const line = progressLine(
      status({
        phase: 'installing',
        step: 'install',
        ...job(100),
        fleet: { completedMachines: 9_950, failedMachines: 30, pendingMachines: 20 },
      }),
    );
    expect(line).toContain('machines 9950/10000 done, 30 failed');
    expect(line).toMatch(/\[#+-*\]\s+100%/);
    // Not the version job's 100 % in words: the job's state is not shown while installing.
    expect(line).not.toContain('InProgress');
  });

  it('shows each warning and the reason a rollout ended', () => {
    const warned = progressLine(
      status({ phase: 'diffing', step: 'diff', ...job(9), warnings: ['diff 77 is 62 min past its eta, still 9 %'] }),
    );
    expect(warned).toContain('⚠ diff 77 is 62 min past its eta, still 9 %');
    expect(progressLine(status({ phase: 'cancelled', step: null, reason: 'wrong build' }))).toContain(
      'reason: wrong build',
    );
  });
});
