import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { RolloutActionRefused } from '../../src/client';
import { fakeClient, run, status } from './helpers';

const refusal = (text: string) =>
  new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ message: text }));

describe('status', () => {
  const detailed = status({
    phase: 'awaiting-operator',
    step: 'diff',
    gameBuild: '1.4.2',
    diffId: 77,
    job: {
      kind: 'diff',
      id: 77,
      jobstateid: 4,
      jobstatename: 'Failed',
      jobprogress: 40,
      jobeta: 1_796_119_200,
      jobfailed: 1,
      jobupdated: 0,
    },
    jobstateid: 4,
    jobstatename: 'Failed',
    jobprogress: 40,
    jobeta: 1_796_119_200,
    lastError: 'diff 77 failed: disk full',
    awaiting: {
      reason: 'the diff failed after 3 attempts',
      actions: ['retry', 'cancel'],
      since: '2026-11-30T10:00:00.000Z',
    },
    installs: {
      imageVersionId: 9,
      jobsSeen: 2,
      open: 0,
      failed: 1,
      done: 1,
      queued: 2,
      queueRefused: 0,
      byLocation: {},
      failedMachines: [{ jobId: 2, machine: 12, location: 'eu-west', error: 'disk full' }],
      failedTotal: 1,
    },
    fleet: { pendingMachines: 0, failedMachines: 1, completedMachines: 1 },
  });

  it('prints phase, step, ids, the job with eta as ISO, awaiting, last error and installs', async () => {
    const client = fakeClient();
    client.getRollout.mockResolvedValueOnce(detailed);
    const result = await run(['status', 'rollout-1001-31'], client);
    expect(result.code).toBe(0);
    expect(client.getRollout).toHaveBeenCalledWith('rollout-1001-31');
    const out = result.stdout;
    expect(out).toMatch(/phase\s+awaiting-operator/);
    expect(out).toMatch(/step\s+diff/);
    expect(out).toContain('diff 77');
    expect(out).toContain('Failed 40%');
    expect(out).toContain(new Date(1_796_119_200_000).toISOString());
    expect(out).toContain('the diff failed after 3 attempts (actions: retry, cancel');
    expect(out).toContain('diff 77 failed: disk full');
    expect(out).toMatch(/installs\s+2 jobs \(1 done, 0 open, 1 failed\)/);
    expect(out).toMatch(/fleet\s+machines 1\/2 done, 1 failed, 0 pending/);
    expect(out).toMatch(/failed\s+machine 12 \(eu-west\): disk full/);
  });

  it('--json prints the status object', async () => {
    const client = fakeClient();
    client.getRollout.mockResolvedValueOnce(detailed);
    const result = await run(['status', 'rollout-1001-31', '--json'], client);
    expect(JSON.parse(result.stdout)).toEqual(detailed);
  });

  it('an unknown id: exit 1, `no rollout with id X`', async () => {
    const client = fakeClient();
    client.getRollout.mockRejectedValueOnce(new WorkflowNotFoundError('workflow not found', 'nope', undefined));
    const result = await run(['status', 'nope'], client);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.errLines).toEqual(['clanforge-rollout: no rollout with id nope']);
  });

  it('a missing id is a usage error', async () => {
    const result = await run(['status'], fakeClient());
    expect(result.code).toBe(2);
    expect(result.errLines).toHaveLength(1);
  });
});

describe('list', () => {
  const rows = [
    {
      workflowId: 'rollout-1001-31',
      runId: 'r1',
      status: 'RUNNING',
      phase: 'installing',
      accountServiceId: 1001,
      imageId: 31,
      gameBuild: '1.4.2',
      startTime: new Date('2026-11-30T10:00:00Z'),
    },
    {
      workflowId: 'rollout-1001-32',
      runId: 'r2',
      status: 'COMPLETED',
      phase: 'completed',
      startTime: new Date('2026-11-29T10:00:00Z'),
      closeTime: new Date('2026-11-29T11:00:00Z'),
    },
  ];

  it('passes the filter and prints a table', async () => {
    const client = fakeClient();
    client.listRollouts.mockResolvedValueOnce(rows);
    const result = await run(
      ['list', '--phase', 'installing', '--asid', '1001', '--image', '31', '--game-build', '1.4.2', '--limit', '5'],
      client,
    );
    expect(result.code).toBe(0);
    expect(client.listRollouts).toHaveBeenCalledWith({
      phase: 'installing',
      accountServiceId: 1001,
      imageId: 31,
      gameBuild: '1.4.2',
      // One more than shown: it tells whether the list goes on.
      limit: 6,
    });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^WORKFLOW ID\s+STATUS\s+PHASE\s+ASID\s+IMAGE\s+GAME BUILD\s+STARTED\s+CLOSED$/);
    expect(lines[1]).toMatch(
      /^rollout-1001-31\s+RUNNING\s+installing\s+1001\s+31\s+1\.4\.2\s+2026-11-30T10:00:00Z\s+-$/,
    );
    expect(lines).toHaveLength(3);
  });

  it('--json prints an array', async () => {
    const client = fakeClient();
    client.listRollouts.mockResolvedValueOnce(rows);
    const parsed = JSON.parse((await run(['list', '--json'], client)).stdout) as unknown[];
    expect(parsed).toHaveLength(2);
    expect(parsed[0]).toMatchObject({ workflowId: 'rollout-1001-31', startTime: '2026-11-30T10:00:00.000Z' });
  });

  it('validates its flags by name', async () => {
    const client = fakeClient();
    const result = await run(['list', '--phase', 'sleeping', '--asid', '12abc', '--limit', '0'], client);
    expect(result.code).toBe(2);
    expect(result.errLines).toHaveLength(1);
    expect(result.errLines[0]).toContain('--phase: must be one of updating, diffing');
    expect(result.errLines[0]).toContain('--asid: must be a positive integer');
    expect(result.errLines[0]).toContain('--limit: must be a positive integer');
    expect(client.listRollouts).not.toHaveBeenCalled();
  });
});

describe('operator actions', () => {
  it('cancel --reason, reject --reason, retry, approve, proceed call the client', async () => {
    const client = fakeClient();
    expect((await run(['cancel', 'w1', '--reason', 'wrong build'], client)).code).toBe(0);
    expect(client.cancelRollout).toHaveBeenCalledWith('w1', 'wrong build', { by: undefined });
    expect((await run(['reject', 'w1', '--reason', 'too big'], client)).code).toBe(0);
    expect(client.rejectRollout).toHaveBeenCalledWith('w1', 'too big', { by: undefined });
    expect((await run(['retry', 'w1'], client)).stdout).toBe('retry accepted by w1 (phase awaiting-operator)\n');
    expect(client.retryRollout).toHaveBeenCalledWith('w1', { by: undefined });
    expect((await run(['retry', 'w1', '--force'], client)).code).toBe(0);
    expect(client.retryRollout).toHaveBeenLastCalledWith('w1', { force: true, by: undefined });
    expect((await run(['approve', 'w1'], client)).code).toBe(0);
    expect(client.approveRollout).toHaveBeenCalledWith('w1', { by: undefined });
    expect((await run(['proceed', 'w1'], client)).code).toBe(0);
    expect(client.proceedNow).toHaveBeenCalledWith('w1', { by: undefined });
  });

  it('--json prints what was accepted', async () => {
    const result = await run(['approve', 'w1', '--json'], fakeClient());
    expect(JSON.parse(result.stdout)).toEqual({
      workflowId: 'w1',
      action: 'approve',
      accepted: true,
      phase: 'awaiting-approval',
    });
  });

  it('a refused action: exit 1, one stderr line with the validator text', async () => {
    const client = fakeClient();
    client.retryRollout.mockRejectedValueOnce(refusal('retry makes no sense in phase diffing'));
    const result = await run(['retry', 'rollout-1001-31'], client);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('clanforge-rollout: retry refused: retry makes no sense in phase diffing\n');
  });

  it('a refusal as the client reports it (RolloutActionRefused): the CLI action name, the validator text', async () => {
    const client = fakeClient();
    client.proceedNow.mockRejectedValueOnce(
      new RolloutActionRefused('proceedNow', 'proceedNow makes no sense in phase diffing'),
    );
    const result = await run(['proceed', 'w1'], client);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('clanforge-rollout: proceed refused: proceedNow makes no sense in phase diffing\n');
  });

  it('a refused action with --json still reports on stderr only', async () => {
    const client = fakeClient();
    client.cancelRollout.mockRejectedValueOnce(refusal('the rollout has ended (completed)'));
    const result = await run(['cancel', 'w1', '--json'], client);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.errLines).toEqual(['clanforge-rollout: cancel refused: the rollout has ended (completed)']);
  });

  it('--reason is not a flag of retry', async () => {
    const result = await run(['retry', 'w1', '--reason', 'x'], fakeClient());
    expect(result.code).toBe(2);
    expect(result.errLines[0]).toContain("unknown option '--reason'");
  });
});

describe('failures', () => {
  it('cannot connect: exit 3 (cannot reach Temporal), one line with the address', async () => {
    const result = await run(
      ['status', 'w1'],
      () => Promise.reject(new Error('Failed to connect before the deadline\nmore detail')),
      {
        env: { TEMPORAL_ADDRESS: '10.1.2.3:7233' },
      },
    );
    expect(result.code).toBe(3);
    expect(result.errLines).toHaveLength(1);
    expect(result.errLines[0]).toMatch(
      /^clanforge-rollout: cannot reach Temporal at 10\.1\.2\.3:7233: Failed to connect/,
    );
  });

  it('a connection refused for another reason (bad TLS settings): exit 1, one line', async () => {
    const result = await run(['status', 'w1'], () =>
      Promise.reject(new Error('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together')),
    );
    expect(result.code).toBe(1);
    expect(result.errLines).toEqual([
      'clanforge-rollout: cannot connect to Temporal at 127.0.0.1:1: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together',
    ]);
  });

  it('an unknown command', async () => {
    const result = await run(['launch'], fakeClient());
    expect(result.code).toBe(2);
    expect(result.errLines).toHaveLength(1);
    expect(result.errLines[0]).toMatch(/^clanforge-rollout: unknown command 'launch'/);
  });

  it('no command at all: one line, exit 2', async () => {
    const result = await run([], fakeClient());
    expect(result.code).toBe(2);
    expect(result.errLines).toHaveLength(1);
    expect(result.errLines[0]).toMatch(/missing command/);
  });

  it('--help goes to stdout with exit 0 and never connects', async () => {
    let connected = false;
    const result = await run(['--help'], () => {
      connected = true;
      return Promise.resolve(fakeClient());
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: clanforge-rollout');
    expect(connected).toBe(false);
  });

  it('installs prints a page of per-machine jobs with where it sits in the list, and validates paging flags', async () => {
    const client = fakeClient();
    const { stdout: out, code } = await run(['installs', 'rollout-1001-31', '--failed', '--limit', '50'], client);
    expect(code).toBe(0);
    expect(client.listInstalls).toHaveBeenCalledWith('rollout-1001-31', { failedOnly: true, offset: 0, limit: 50 });
    expect(out).toMatch(/version 9: jobs 1-1 of 3 listed by Clanforge/);
    expect(out).toMatch(/11\s+501\s+eu-west\s+no\s+Failed\s+40%\s+disk full/);
    expect(out).toMatch(/next page: --offset 1/);
    const bad = await run(['installs', 'rollout-1001-31', '--limit', '900'], client);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--limit must be a whole number from 1 to 500, got "900"/);
  });
});
