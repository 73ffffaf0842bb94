import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, inject, it } from 'vitest';
import { RolloutActionRefused, RolloutClient, type FleetLive, type RollbackResult } from '../../src/client';
import { ClanforgeFleetId } from '../../src/contract/searchAttributes';
import { run } from '../cli/helpers';
import { clientFor } from '../support/simulator';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { ALLOCATION, CUTOVER_ASID, fleetsDocument, RESERVATION } from './fleets';

// Issue 21: rolling a completed cutover back (workflow `rollback`), refused once a later cutover
// of the fleet completed, and `live --fleet`. The tests run in order on one fleet (live: 501).
const h = useRolloutHarness({ speed: 60, fleets: fleetsDocument });

/** Runs a rollout of `imageId` cutting the fleet over to `profileId`, to its end; it must complete. */
async function cutOver(workflowId: string, imageId: number, profileId: number, fleetId = RESERVATION): Promise<void> {
  const fleet = fleetId === RESERVATION ? { fleetId, maxMachines: 5 } : { fleetId, fleetKind: 'allocation' as const };
  await h.rollouts.startRollout(
    {
      accountServiceId: CUTOVER_ASID,
      imageId,
      machineId: 7,
      gameBuild: `build-${workflowId}`,
      cutover: { ...fleet, profileId, timeout: '30m', bakeMinutes: 0.05 },
    },
    { workflowId },
  );
  expect((await h.rollouts.result(workflowId)).phase).toBe('completed');
}

function rollbackResult(workflowId: string): Promise<RollbackResult> {
  return h.temporal.workflow.getHandle(workflowId).result() as Promise<RollbackResult>;
}

/** The CLI in-process, with a client of its own (the CLI closes it at the end). */
async function cli(...argv: string[]) {
  return run(argv, async () => {
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    return new RolloutClient(new Client({ connection }), h.taskQueue);
  });
}

describe('rollback after a completed cutover', () => {
  it('starts a rollback workflow that puts every server back on the old profile', async () => {
    await cutOver('rb-a', 43, 502);
    expect(await h.admin.fleet(RESERVATION)).toMatchObject({ liveProfileId: 502 });

    const accepted = await h.rollouts.rollbackRollout('rb-a', 'players crash on join', { by: 'alice@test' });
    expect(accepted).toEqual({
      accepted: true,
      phase: 'completed',
      rollbackWorkflowId: `rollback-${RESERVATION}-1`,
      rollbackRunId: expect.any(String) as string,
    });
    const result = await rollbackResult(`rollback-${RESERVATION}-1`);
    expect(result).toMatchObject({
      phase: 'completed',
      rolloutId: 'rb-a',
      fleetId: RESERVATION,
      profileId: 501,
      fromProfileId: 502,
      trigger: 'operator',
      reason: 'players crash on join',
      by: 'alice@test',
      serversPending: 0,
      serversProcessed: 40,
    });
    expect(await h.admin.fleet(RESERVATION)).toMatchObject({
      liveProfileId: 501,
      serversByProfile: { '501': 40 },
      active: 40,
    });
    const description = await h.temporal.workflow.getHandle(`rollback-${RESERVATION}-1`).describe();
    expect(description.typedSearchAttributes.get(ClanforgeFleetId)).toBe(RESERVATION);
    expect(await h.rollouts.fleetLive(RESERVATION)).toMatchObject({
      profileId: 501,
      madeLiveBy: { workflowId: `rollback-${RESERVATION}-1`, workflowType: 'rollback', by: 'alice@test' },
    });
    // Rolled back already: a second rollback is refused, naming the first (it started a second one before).
    await expect(h.rollouts.rollbackRollout('rb-a', 'again')).rejects.toThrow(
      `rollback rollback-${RESERVATION}-1 switched fleet ${RESERVATION} back after rb-a completed: rb-a is no longer live there`,
    );
  }, 300_000);

  it('is refused, naming the later rollout, once another cutover of the fleet completed', async () => {
    await cutOver('rb-b', 43, 502);
    await cutOver('rb-c', 42, 501);

    const refusal = h.rollouts.rollbackRollout('rb-b', 'too late');
    await expect(refusal).rejects.toBeInstanceOf(RolloutActionRefused);
    await expect(refusal).rejects.toThrow(/rollout rb-c cut fleet f-res over after rb-b completed/);

    // The workflow checks too (a start by another client): it fails at once, non-retryable.
    const closedAt = (await h.rollouts.handle('rb-b').describe()).closeTime!.toISOString();
    const started = await h.temporal.workflow.start('rollback', {
      taskQueue: h.taskQueue,
      workflowId: 'rollback-foreign-rb-b',
      args: [
        {
          rolloutId: 'rb-b',
          fleetId: RESERVATION,
          fleetKind: 'reservation',
          fromProfileId: 502,
          profileId: 501,
          rolloutClosedAt: closedAt,
          timeout: '30m',
        },
      ],
    });
    const failure = (await started.result().catch((error: unknown) => error)) as WorkflowFailedError;
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect(failure.cause).toBeInstanceOf(ApplicationFailure);
    expect(failure.cause).toMatchObject({ type: 'RollbackRefused', nonRetryable: true });
    expect(failure.cause?.message).toMatch(/rollout rb-c cut fleet f-res over/);
    expect(await h.admin.fleet(RESERVATION)).toMatchObject({ liveProfileId: 501, serversByProfile: { '501': 40 } });
  }, 400_000);

  it('CLI: live --fleet names the live profile, its image and build, and rollback starts the workflow', async () => {
    const live = await cli('live', '--fleet', RESERVATION, '--json');
    expect(live).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(live.stdout) as FleetLive).toMatchObject({
      fleetId: RESERVATION,
      profileId: 501,
      imageId: 42,
      gameBuild: 'build-rb-c',
      madeLiveBy: { workflowId: 'rb-c', workflowType: 'rollout', phase: 'completed' },
      clanforge: { profileId: 501, state: 'complete', serversPending: 0, serversProcessed: 40 },
    });

    const rolledBack = await cli('rollback', 'rb-c', '--reason', 'smoke test failed', '--json');
    expect(rolledBack).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(rolledBack.stdout)).toMatchObject({
      workflowId: 'rb-c',
      action: 'rollback',
      accepted: true,
      rollbackWorkflowId: `rollback-${RESERVATION}-2`,
    });
    expect(await rollbackResult(`rollback-${RESERVATION}-2`)).toMatchObject({ phase: 'completed', profileId: 502 });
    expect(await h.admin.fleet(RESERVATION)).toMatchObject({ liveProfileId: 502, serversByProfile: { '502': 40 } });

    const after = await cli('live', '--fleet', RESERVATION);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/live profile\s+502/);
    expect(after.stdout).toMatch(/image\s+43 \(from rollout rb-b\)/);
    expect(after.stdout).toMatch(/game build\s+build-rb-b/);
    expect(after.stdout).toMatch(
      new RegExp(`made live by\\s+rollback rollback-${RESERVATION}-2 by \\S+: smoke test failed`),
    );
    expect(after.stdout).toMatch(/clanforge\s+switch complete to profile 502 \(40\/40 servers processed\)\n/);

    // A switch made outside these workflows: `live` says Clanforge disagrees.
    await clientFor(h.sim).fleetSwitchProfile({ fleetId: RESERVATION, profileId: 501, timeout: '1m' });
    const outside = await cli('live', '--fleet', RESERVATION);
    expect(outside.stdout).toMatch(
      /clanforge\s+switch \w+ to profile 501 .*NOT the profile above, switched outside these workflows/,
    );

    // rb-b's cutover was followed by rb-c's: refused, exit 1.
    const refused = await cli('rollback', 'rb-b');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^clanforge-rollout: rollback refused: rollout rb-c cut fleet f-res over after rb-b/,
    );

    const missing = await cli('live');
    expect(missing).toMatchObject({ code: 2, stderr: 'clanforge-rollout: --fleet: is required\n' });
  }, 300_000);

  it('allocation fleet: nothing to switch, the old profile is announced live again', async () => {
    await cutOver('rb-alloc', 53, 602, ALLOCATION);
    const accepted = await h.rollouts.rollbackRollout('rb-alloc', 'matchmaker errors');
    expect(accepted.rollbackWorkflowId).toBe(`rollback-${ALLOCATION}-1`);
    expect(await rollbackResult(`rollback-${ALLOCATION}-1`)).toMatchObject({
      phase: 'completed',
      fleetKind: 'allocation',
      profileId: 601,
      fromProfileId: 602,
      detail: expect.stringContaining(`profile 601 is live again on allocation fleet ${ALLOCATION}`) as string,
    });
    expect(await h.admin.fleet(ALLOCATION)).toMatchObject({ switchesAccepted: 0 });
    expect(await h.rollouts.fleetLive(ALLOCATION)).toMatchObject({
      profileId: 601,
      madeLiveBy: { workflowId: `rollback-${ALLOCATION}-1`, reason: 'matchmaker errors' },
    });
  }, 300_000);
});
