import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
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

/**
 * A command that starts a process in its own session as user postgres (as the stack starts
 * PostgreSQL), says so once it runs, then does `then`. The token is only in the environment, so
 * no command line but the started process's carries it.
 */
function startingASurvivor(then: string): string[] {
  const script = [
    'setsid setpriv --reuid=postgres --regid=postgres --init-groups sh -c "sleep 600; : $TOKEN" </dev/null >/dev/null 2>&1 &',
    'pid=$!',
    // Builtins only: a grep would carry the token on its own command line.
    'until case "$(tr \'\\0\' \' \' <"/proc/$pid/cmdline" 2>/dev/null)" in *"$TOKEN"*) true ;; *) false ;; esac; do sleep 0.1; done',
    'echo "running as $(stat -c %U /proc/$pid)"',
    then,
  ].join('\n');
  return [join(ROOT, 'test/stack/sandbox.sh'), 'bash', '-c', script];
}

describe('test/stack/sandbox.sh', () => {
  it('a failing command leaves no process behind: not one detached in its own session, nor one run as postgres', () => {
    const token = `sandbox-survivor-${process.pid}-${Date.now()}`;
    const result = spawnSync('bash', startingASurvivor('exit 3'), {
      encoding: 'utf8',
      env: { ...process.env, TOKEN: token },
      timeout: 60_000,
    });
    expect(result.stdout).toContain('running as postgres');
    expect(result.status).toBe(3);
    expect(processesWith(token)).toEqual([]);
  });

  it('stopped with SIGTERM mid-run, it leaves no process behind either', async () => {
    const token = `sandbox-stopped-${process.pid}-${Date.now()}`;
    const sandbox = spawn('bash', startingASurvivor('sleep 600'), {
      env: { ...process.env, TOKEN: token },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const exited = once(sandbox, 'exit');
    try {
      let stdout = '';
      sandbox.stdout.setEncoding('utf8');
      for await (const chunk of sandbox.stdout as AsyncIterable<string>) {
        stdout += chunk;
        if (stdout.includes('running as postgres')) break;
      }
      expect(processesWith(token)).toHaveLength(1);
    } finally {
      sandbox.kill('SIGTERM');
      await exited;
    }
    expect(processesWith(token)).toEqual([]);
  });
});
