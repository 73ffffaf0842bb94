import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolve } from 'node:path';
import { describe, expect, it, inject } from 'vitest';
import type { RolloutStatus } from '../../src/client';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { sleep } from '../support/wait';

// The CLI as users run it (a child process of bin/), against the shared dev server and a real worker.
const BIN = resolve(__dirname, '../../bin/clanforge-rollout.js');
const h = useRolloutHarness({ speed: 200, fleet: 2, mirrors: 0 });

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: h.taskQueue,
  };
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { env, timeout: 90_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

describe('clanforge-rollout against a worker', () => {
  it('start, a refused retry, approve, watch to completed', async () => {
    const started = await cli(
      'start',
      '--asid',
      '2001',
      '--image',
      '41',
      '--machine',
      '7',
      '--game-build',
      '2.0.0',
      '--require-approval',
      '--json',
    );
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    expect(JSON.parse(started.stdout)).toMatchObject({ workflowId: 'rollout-2001-41', started: true });

    await h.waitForStatus('rollout-2001-41', (s) => s.phase === 'awaiting-approval');
    const refused = await cli('retry', 'rollout-2001-41');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('clanforge-rollout: retry refused: retry makes no sense in phase awaiting-approval\n');

    const status = await cli('status', 'rollout-2001-41');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/phase\s+awaiting-approval/);
    expect(status.stdout).toMatch(/actions: .*approve/);

    const approved = await cli('approve', 'rollout-2001-41', '--json');
    expect(approved.code).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ accepted: true, action: 'approve' });

    const watched = await cli('watch', 'rollout-2001-41', '--interval', '100');
    expect(watched.stderr).toBe('');
    expect(watched.code).toBe(0);
    const phases = watched.stdout
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as RolloutStatus).phase);
    expect(phases.at(-1)).toBe('completed');

    const unknown = await cli('status', 'rollout-nope');
    expect(unknown).toMatchObject({ code: 1, stderr: 'clanforge-rollout: no rollout with id rollout-nope\n' });
  });

  it('release: start from a YAML file, promote, watch to completed, status', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'release-'));
    const file = join(dir, 'release.yaml');
    writeFileSync(
      file,
      [
        'releaseId: cli-1',
        'gameBuild: "2.1.0"',
        'images:',
        '  - { accountServiceId: 2001, imageId: 51, machineId: 7 }',
        '  - { accountServiceId: 2001, imageId: 52, machineId: 7, wave: 2 }',
        '',
      ].join('\n'),
    );
    const started = await cli('release', 'start', '-f', file, '--json');
    expect(started).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(started.stdout)).toMatchObject({ workflowId: 'release-cli-1', started: true });

    for (;;) {
      const status = await cli('release', 'status', 'cli-1', '--json');
      if ((JSON.parse(status.stdout) as { phase: string }).phase === 'awaiting-promotion') break;
      await sleep(200);
    }
    expect(await cli('release', 'promote', 'cli-1')).toMatchObject({ code: 0 });
    const watched = await cli('release', 'watch', 'cli-1', '--interval', '200');
    expect(watched).toMatchObject({ code: 0, stderr: '' });
    expect((JSON.parse(watched.stdout.trimEnd().split('\n').at(-1)!) as { phase: string }).phase).toBe('completed');

    const status = await cli('release', 'status', 'release-cli-1');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/rollout-2001-52\s+2\s+completed/);
    const refused = await cli('release', 'retry', 'cli-1');
    expect(refused).toMatchObject({ code: 1 });
    expect(refused.stderr).toBe('clanforge-rollout: release cli-1 has already finished\n');
  });
});
