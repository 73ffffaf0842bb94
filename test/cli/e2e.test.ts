import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { RolloutStatus } from '../../src/client';
import { startRolloutHarness, type RolloutHarness } from '../support/rolloutHarness';

// The CLI as users run it (a child process of bin/), against the shared dev server and a real worker.
const BIN = resolve(__dirname, '../../bin/clanforge-rollout.js');
let h: RolloutHarness;

beforeAll(async () => {
  h = await startRolloutHarness({ speed: 200, fleet: 2, mirrors: 0 });
});
afterAll(() => h?.close());

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: h.taskQueue };
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { env, timeout: 90_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

describe('clanforge-rollout against a worker', () => {
  it('start, a refused retry, approve, watch to completed', async () => {
    const started = await cli('start', '--asid', '2001', '--image', '41', '--machine', '7', '--game-build', '2.0.0', '--require-approval', '--json');
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
    const phases = watched.stdout.trimEnd().split('\n').map((line) => (JSON.parse(line) as RolloutStatus).phase);
    expect(phases.at(-1)).toBe('completed');

    const unknown = await cli('status', 'rollout-nope');
    expect(unknown).toMatchObject({ code: 1, stderr: 'clanforge-rollout: no rollout with id rollout-nope\n' });
  });
});
