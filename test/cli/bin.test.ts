import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const BIN = resolve(__dirname, '../../bin/clanforge-rollout.js');

describe('bin/clanforge-rollout.js', () => {
  it('--help in a real child process: exit 0, lists the commands', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, '--help'], {
      cwd: resolve(__dirname, '../..'),
      timeout: 60_000,
    });
    for (const command of ['start', 'status', 'list', 'watch', 'cancel', 'retry', 'approve', 'reject', 'proceed']) {
      expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  it('a validation error: exit 2 and one stderr line', async () => {
    const child = promisify(execFile)(process.execPath, [BIN, 'start', '--asid', '12abc'], { timeout: 60_000 });
    const failure = (await child.then(
      () => undefined,
      (error: unknown) => error,
    )) as { code?: number; stderr?: string } | undefined;
    expect(failure?.code).toBe(2);
    expect(failure?.stderr?.trimEnd().split('\n')).toHaveLength(1);
    expect(failure?.stderr).toContain('--asid: must be a positive integer');
  });
});
