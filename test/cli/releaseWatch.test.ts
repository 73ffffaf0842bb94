import { describe, expect, it } from 'vitest';
import type { ReleaseStatus } from '../../src/client';
import { watchBlock } from '../../src/cli/release/watchBlock';
import { fakeClient, run } from './helpers';
import { releaseImage, releaseStatus } from './releaseHelpers';

const wave1 = releaseStatus();
const awaitingPromotion = releaseStatus({
  phase: 'awaiting-promotion',
  images: [releaseImage(31, { phase: 'completed', progress: 'completed' }), releaseImage(32, { wave: 2 })],
  awaiting: { reason: 'wave 1 completed', actions: ['promote', 'cancel'], since: '2026-11-30T11:00:00.000Z' },
});
const wave2 = releaseStatus({
  wave: 2,
  images: [
    releaseImage(31, { phase: 'completed', progress: 'completed' }),
    releaseImage(32, { wave: 2, phase: 'installing', progress: 'machines 1/4 done, 0 failed' }),
  ],
});
const completed = releaseStatus({
  phase: 'completed',
  wave: 2,
  images: [
    releaseImage(31, { phase: 'completed', progress: 'completed' }),
    releaseImage(32, { wave: 2, phase: 'completed', progress: 'completed' }),
  ],
});
const toCompletion = [wave1, awaitingPromotion, wave2, completed];

describe('release watch', () => {
  it('not a TTY: one JSON object per line per change, exit 0 on completed', async () => {
    const client = fakeClient({ releaseStatuses: toCompletion });
    const result = await run(['release', 'watch', 'r142', '--interval', '250'], client);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(client.watchRelease).toHaveBeenCalledWith('r142', { intervalMs: 250 });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as ReleaseStatus).phase)).toEqual([
      'running',
      'awaiting-promotion',
      'running',
      'completed',
    ]);
  });

  it('the default interval is 2 s', async () => {
    const client = fakeClient({ releaseStatuses: [completed] });
    await run(['release', 'watch', 'r142'], client);
    expect(client.watchRelease).toHaveBeenCalledWith('r142', { intervalMs: 2_000 });
  });

  it('cancelled: exit 1, one stderr line with the reason', async () => {
    const cancelled = releaseStatus({ phase: 'cancelled', reason: 'wrong build' });
    const result = await run(['release', 'watch', 'r142'], fakeClient({ releaseStatuses: [wave1, cancelled] }));
    expect(result.code).toBe(1);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(result.errLines).toEqual(['clanforge-rollout: release r142 cancelled: wrong build']);
  });

  it('failed: exit 1', async () => {
    const result = await run(
      ['release', 'watch', 'r142'],
      fakeClient({ releaseStatuses: [releaseStatus({ phase: 'failed' })] }),
    );
    expect(result.code).toBe(1);
    expect(result.errLines).toEqual(['clanforge-rollout: release r142 failed']);
  });

  it('the statuses stop before an end: exit 1', async () => {
    const result = await run(['release', 'watch', 'r142'], fakeClient({ releaseStatuses: [wave1] }));
    expect(result.code).toBe(1);
    expect(result.errLines).toEqual(['clanforge-rollout: watching r142 stopped before the release ended']);
  });

  it('in a TTY: a block per image and a total line, redrawn in place', async () => {
    const result = await run(['release', 'watch', 'r142'], fakeClient({ releaseStatuses: toCompletion }), {
      isTTY: true,
      columns: 200,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('{');
    // Each later frame goes back up over the previous block (header, 2 images, total: 4 lines).
    expect(result.stdout.split('\x1b[3A')).toHaveLength(toCompletion.length);
    expect(result.stdout).toMatch(/rollout-1001-32\s+2\s+installing\s+machines 1\/4 done, 0 failed/);
    expect(result.stdout).toContain('wave 2 of 2 · running · 1 of 2 images installing, 1 completed');
    expect(result.stdout).toContain(
      'wave 1 of 2 · awaiting-promotion · 1 of 2 images pending, 1 completed · awaiting: wave 1 completed (promote|cancel)',
    );
    expect(result.stdout).toMatch(/release r142 completed\n$/);
  });

  it('in a TTY with --json: JSON lines anyway', async () => {
    const result = await run(['release', 'watch', 'r142', '--json'], fakeClient({ releaseStatuses: toCompletion }), {
      isTTY: true,
    });
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(4);
  });

  it('--interval must be a positive integer', async () => {
    const result = await run(['release', 'watch', 'r142', '--interval', '0'], fakeClient());
    expect(result.code).toBe(2);
    expect(result.errLines).toEqual(['clanforge-rollout: --interval: must be a positive integer']);
  });
});

describe('release watch block', () => {
  it('a release taller than the terminal shows the moving images and counts the rest', () => {
    const images = Array.from({ length: 30 }, (_, i) =>
      releaseImage(100 + i, { phase: i === 25 ? 'installing' : 'completed', progress: '' }),
    );
    const lines = watchBlock(releaseStatus({ images }), 8);
    expect(lines).toHaveLength(8);
    expect(lines[1]).toMatch(/^rollout-1001-100\s/);
    expect(lines.some((line) => line.startsWith('rollout-1001-125 '))).toBe(true);
    expect(lines[6]).toBe('… 25 more images (release status lists every image)');
    expect(lines[7]).toBe('wave 1 of 2 · running · 1 of 30 images installing, 29 completed');
  });
});
