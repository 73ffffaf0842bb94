import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './images';

// test/stack/sandbox.sh, which runs the stack test: whatever the command started ends with it.

/** Processes whose command line contains `token` (read from /proc; gone ones are skipped). */
function processesWith(token: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(token);
      } catch {
        return false;
      }
    });
}

describe('test/stack/sandbox.sh', () => {
  it('a failing command leaves no process behind: not one detached in its own session, nor one run as postgres', () => {
    const token = `sandbox-survivor-${process.pid}-${Date.now()}`;
    // The token only in the environment, so no command line but the survivor's carries it.
    const script = [
      'setsid setpriv --reuid=postgres --regid=postgres --init-groups sh -c "sleep 600; : $TOKEN" </dev/null >/dev/null 2>&1 &',
      'pid=$!',
      'until grep -aqF -- "$TOKEN" "/proc/$pid/cmdline" 2>/dev/null; do sleep 0.1; done',
      'echo "running as $(stat -c %U /proc/$pid)"',
      'exit 3',
    ].join('\n');
    const result = spawnSync('bash', [join(ROOT, 'test/stack/sandbox.sh'), 'bash', '-c', script], {
      encoding: 'utf8',
      env: { ...process.env, TOKEN: token },
      timeout: 60_000,
    });
    expect(result.stdout).toContain('running as postgres');
    expect(result.status).toBe(3);
    expect(processesWith(token)).toEqual([]);
  });
});
