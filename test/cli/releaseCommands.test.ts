import { WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { RolloutActionRefused } from '../../src/client';
import { fakeClient, run } from './helpers';
import { releaseImage, releaseStatus } from './releaseHelpers';

describe('release status', () => {
  const waiting = releaseStatus({
    phase: 'awaiting-promotion',
    images: [
      releaseImage(31, { phase: 'completed', progress: 'completed', starts: 1, imageVersionId: 9 }),
      releaseImage(32, { wave: 2 }),
    ],
    awaiting: {
      reason: 'wave 1 completed: promote to start wave 2',
      actions: ['promote', 'cancel'],
      since: '2026-11-30T11:00:00.000Z',
    },
  });

  it('prints phase, wave N of M, what it waits for, then a line per image', async () => {
    const client = fakeClient();
    client.getRelease.mockResolvedValueOnce(waiting);
    const result = await run(['release', 'status', 'r142'], client);
    expect(result.code).toBe(0);
    expect(client.getRelease).toHaveBeenCalledWith('r142');
    const out = result.stdout;
    expect(out).toMatch(/^release r142\n/);
    expect(out).toMatch(/phase\s+awaiting-promotion/);
    expect(out).toMatch(/wave\s+1 of 2/);
    expect(out).toMatch(/game build\s+1\.4\.2/);
    expect(out).toContain(
      'awaiting    wave 1 completed: promote to start wave 2 (actions: promote, cancel; since 2026-11-30T11:00:00.000Z)',
    );
    expect(out).toMatch(/images\s+1 of 2 images pending, 1 completed/);
    expect(out).toMatch(/WORKFLOW ID\s+WAVE\s+PHASE\s+PROGRESS\n/);
    expect(out).toMatch(/rollout-1001-31\s+1\s+completed\s+completed\n/);
    expect(out).toMatch(/rollout-1001-32\s+2\s+pending\s+waiting for its wave\n/);
  });

  it('an image that ended other than completed shows why', async () => {
    const client = fakeClient();
    client.getRelease.mockResolvedValueOnce(
      releaseStatus({
        phase: 'awaiting-operator',
        images: [
          releaseImage(31, { phase: 'failed', progress: 'diff 77 Failed 40%', reason: 'diff 77 failed: disk full' }),
        ],
      }),
    );
    const { stdout } = await run(['release', 'status', 'r142'], client);
    expect(stdout).toMatch(/rollout-1001-31\s+1\s+failed\s+diff 77 Failed 40% · diff 77 failed: disk full/);
  });

  it('--json prints the status object', async () => {
    const client = fakeClient();
    client.getRelease.mockResolvedValueOnce(waiting);
    expect(JSON.parse((await run(['release', 'status', 'release-r142', '--json'], client)).stdout)).toEqual(waiting);
  });

  it('an unknown id: exit 1, `no release with id X`', async () => {
    const client = fakeClient();
    client.getRelease.mockRejectedValueOnce(new WorkflowNotFoundError('workflow not found', 'release-nope', undefined));
    const result = await run(['release', 'status', 'nope'], client);
    expect(result.code).toBe(1);
    expect(result.errLines).toEqual(['clanforge-rollout: no release with id nope']);
  });
});

describe('release list', () => {
  const listed = [
    {
      workflowId: 'release-r142',
      releaseId: 'r142',
      status: 'RUNNING',
      phase: 'running',
      gameBuild: '1.4.2',
      startTime: new Date('2026-11-30T10:00:00Z'),
    },
    {
      workflowId: 'release-r141',
      releaseId: 'r141',
      status: 'COMPLETED',
      phase: 'completed',
      startTime: new Date('2026-11-29T10:00:00Z'),
      closeTime: new Date('2026-11-29T12:00:00Z'),
    },
  ];

  it('passes the filter and prints a table', async () => {
    const client = fakeClient();
    client.listReleases.mockResolvedValueOnce(listed);
    const result = await run(['release', 'list', '--phase', 'running', '--limit', '5'], client);
    expect(result.code).toBe(0);
    expect(client.listReleases).toHaveBeenCalledWith({ phase: 'running', limit: 6 });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^WORKFLOW ID\s+RELEASE\s+STATUS\s+PHASE\s+GAME BUILD\s+STARTED\s+CLOSED$/);
    expect(lines[1]).toMatch(/^release-r142\s+r142\s+RUNNING\s+running\s+1\.4\.2\s+2026-11-30T10:00:00Z\s+-$/);
    expect(lines[2]).toMatch(
      /^release-r141\s+r141\s+COMPLETED\s+completed\s+-\s+2026-11-29T10:00:00Z\s+2026-11-29T12:00:00Z$/,
    );
  });

  it('no releases', async () => {
    expect((await run(['release', 'list'], fakeClient())).stdout).toBe('no releases\n');
  });

  it('--json prints an array', async () => {
    const client = fakeClient();
    client.listReleases.mockResolvedValueOnce(listed);
    const parsed = JSON.parse((await run(['release', 'list', '--json'], client)).stdout) as unknown[];
    expect(parsed).toHaveLength(2);
    expect(parsed[1]).toMatchObject({ workflowId: 'release-r141', closeTime: '2026-11-29T12:00:00.000Z' });
  });

  it('validates its flags by name', async () => {
    const client = fakeClient();
    const result = await run(['release', 'list', '--phase', 'installing', '--limit', 'x'], client);
    expect(result.code).toBe(2);
    expect(result.errLines).toEqual([
      'clanforge-rollout: --phase: must be one of running, awaiting-promotion, awaiting-operator, frozen, completed, failed, cancelled; --limit: must be a positive integer',
    ]);
    expect(client.listReleases).not.toHaveBeenCalled();
  });
});

describe('release promote, retry, cancel', () => {
  it('call the client and say what was accepted', async () => {
    const client = fakeClient();
    expect((await run(['release', 'promote', 'r142'], client)).stdout).toBe(
      'promote accepted by r142 (phase awaiting-promotion)\n',
    );
    expect(client.promoteRelease).toHaveBeenCalledWith('r142', { by: undefined });
    expect((await run(['release', 'retry', 'release-r142'], client)).code).toBe(0);
    expect(client.retryRelease).toHaveBeenCalledWith('release-r142', { by: undefined });
    expect((await run(['release', 'cancel', 'r142', '--reason', 'wrong build'], client)).code).toBe(0);
    expect(client.cancelRelease).toHaveBeenCalledWith('r142', 'wrong build', { by: undefined });
  });

  it('--json prints what was accepted', async () => {
    const result = await run(['release', 'cancel', 'r142', '--json'], fakeClient());
    expect(JSON.parse(result.stdout)).toEqual({ id: 'r142', action: 'cancel', accepted: true, phase: 'running' });
  });

  it('a refusal: exit 1, one stderr line with the reason', async () => {
    const client = fakeClient();
    client.promoteRelease.mockRejectedValueOnce(
      new RolloutActionRefused('promote', 'promote makes no sense in phase running'),
    );
    const result = await run(['release', 'promote', 'r142', '--json'], client);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.errLines).toEqual(['clanforge-rollout: promote refused: promote makes no sense in phase running']);
  });

  it('--reason is a flag of cancel only', async () => {
    const result = await run(['release', 'promote', 'r142', '--reason', 'x'], fakeClient());
    expect(result.code).toBe(2);
    expect(result.errLines[0]).toContain("unknown option '--reason'");
  });
});

describe('release usage', () => {
  it('`release` alone: one line naming its commands, exit 2', async () => {
    const result = await run(['release'], fakeClient());
    expect(result.code).toBe(2);
    expect(result.errLines).toEqual([
      'clanforge-rollout: missing release command (start, status, watch, list, promote, retry, cancel); see release --help',
    ]);
  });

  it('the top-level help mentions releases', async () => {
    const { stdout } = await run(['--help'], fakeClient());
    expect(stdout).toMatch(/releases/);
    expect(stdout).toMatch(/release\s+start, follow and steer releases/);
  });
});
