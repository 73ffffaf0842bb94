// Records the histories that replay.test.ts replays. Not part of a normal run:
//   RECORD_FIXTURES=1 npx vitest run test/workflows/recordFixtures.test.ts
// Re-record when the workflow changes on purpose. Rollouts are PINNED, so a change to them needs
// only new fixtures; a change to the release (AUTO_UPGRADE) that running releases may replay needs
// a patch, its old fixtures kept and a row in the patch ledger (docs/explanation/versioning.md).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startRolloutHarness, type RolloutHarness } from '../support/rolloutHarness';
import { temporalCli } from '../support/temporalCli';
import { clientFor } from '../support/simulator';

const FIXTURES = resolve(__dirname, '../fixtures');
let h: RolloutHarness;
let image = 900;

async function record(name: string, workflowId: string, runId?: string): Promise<void> {
  await h.rollouts.result(workflowId).catch(() => undefined);
  const run = runId ? ['--run-id', runId] : [];
  writeFileSync(
    resolve(FIXTURES, `${name}.json`),
    await temporalCli('workflow', 'show', '--workflow-id', workflowId, ...run, '--output', 'json'),
  );
}

/** A release of these images (ASID 1001, images from the same counter), wave by wave. */
const releaseOf = (releaseId: string, waves: number[], extra: Record<string, unknown> = {}) => ({
  releaseId: `${releaseId}-${Date.now()}`,
  images: waves.map((wave) => ({ accountServiceId: 1001, imageId: image++, machineId: 7, wave, retryDelaySeconds: 0 })),
  ...extra,
});

const base = () => ({ accountServiceId: 1001, imageId: image++, machineId: 7, retryDelaySeconds: 0 });

describe.runIf(process.env.RECORD_FIXTURES)('record replay fixtures', () => {
  beforeAll(async () => {
    h = await startRolloutHarness({ speed: 200, fleet: 2, mirrors: 1 });
  });
  afterAll(() => h?.close());

  it('happy path with an image update first, a failed status call waited out between polls', async () => {
    await h.admin.setFaults({ http5xx: 0.2 });
    const { workflowId } = await h.rollouts.startRollout({
      ...base(),
      updateUrl: 'steam://depot/123/build/456',
      gameBuild: '2.0.0',
    });
    await h.rollouts.result(workflowId).catch(() => undefined);
    await h.admin.setFaults({});
    await record('happy-with-update', workflowId);
  });

  it('diff fails, automatic retry, fails again, operator retry', async () => {
    await h.admin.setFaults({ 'failFirst.diff': 2 });
    const { workflowId } = await h.rollouts.startRollout({ ...base(), diffRetries: 1 });
    await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator');
    await h.admin.setFaults({});
    await h.rollouts.retryRollout(workflowId);
    await record('diff-retries-then-operator', workflowId);
  });

  it('approval, then reject', async () => {
    const { workflowId } = await h.rollouts.startRollout({ ...base(), requireApproval: true });
    await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-approval');
    await h.rollouts.rejectRollout(workflowId, 'not this build');
    await record('approval-rejected', workflowId);
  });

  it('scheduled, then proceedNow; installs fail and are retried', async () => {
    await h.admin.setFaults({ 'failFirst.install': 1 });
    const { workflowId } = await h.rollouts.startRollout({
      ...base(),
      installAt: Math.floor(Date.now() / 1000) + 3600,
    });
    await h.waitForStatus(workflowId, (s) => s.phase === 'scheduled');
    await h.rollouts.proceedNow(workflowId);
    await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator');
    await h.admin.setFaults({});
    await h.rollouts.retryRollout(workflowId);
    await record('scheduled-proceed-installs-retried', workflowId);
  });

  it('version fails, operator retry makes a new diff and version', async () => {
    await h.admin.setFaults({ 'failFirst.version': 1 });
    const { workflowId } = await h.rollouts.startRollout(base());
    await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator');
    await h.admin.setFaults({});
    await h.rollouts.retryRollout(workflowId);
    await record('version-failed-retried', workflowId);
  });

  it('cancel while diffing (cleanup rejects the diff)', async () => {
    const { workflowId } = await h.rollouts.startRollout(base());
    await h.waitForStatus(workflowId, (s) => s.diffId !== undefined);
    await h.rollouts.cancelRollout(workflowId, 'recorded cancel');
    await record('cancel-while-diffing', workflowId);
  });

  it('Temporal cancellation while scheduled', async () => {
    const { workflowId } = await h.rollouts.startRollout({
      ...base(),
      installAt: Math.floor(Date.now() / 1000) + 3600,
    });
    await h.waitForStatus(workflowId, (s) => s.phase === 'scheduled');
    await h.rollouts.handle(workflowId).cancel();
    await record('temporal-cancel-scheduled', workflowId);
  });

  // Upserts its search attributes at start; ends before the install step.
  it('started by type name, cancelled while scheduled', async () => {
    const workflowId = `fixture-by-type-${Date.now()}`;
    const input = JSON.stringify({
      ...base(),
      gameBuild: 'by-type-1',
      installAt: Math.floor(Date.now() / 1000) + 3600,
    });
    await temporalCli(
      'workflow',
      'start',
      '--type',
      'rollout',
      '--task-queue',
      h.taskQueue,
      '--workflow-id',
      workflowId,
      '--input',
      input,
    );
    await h.waitForStatus(workflowId, (s) => s.phase === 'scheduled');
    await temporalCli(
      'workflow',
      'signal',
      '--workflow-id',
      workflowId,
      '--name',
      'cancel',
      '--input',
      '{"reason":"recorded"}',
    );
    await record('started-by-type-cancelled-scheduled', workflowId);
  });

  // The install step, with a warning the follower reported (the API went silent for a while) and
  // failed installs retried by an operator.
  it('fleet installs: warning while the API is silent, installs fail and are retried', async () => {
    const { workflowId } = await h.rollouts.startRollout({ ...base(), gameBuild: 'fleet-1', stuckAfterMinutes: 60 });
    await h.waitForStatus(workflowId, (s) => s.phase === 'diffing' && s.diffId !== undefined);
    await h.admin.setFaults({ hang: 1, hangMs: 60_000 });
    await h.waitForStatus(workflowId, (s) => (s.warnings ?? []).length > 0, 60_000);
    await h.admin.setFaults({ 'failFirst.install': 1 });
    await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator' && s.step === 'install', 60_000);
    await h.admin.setFaults({});
    await h.rollouts.retryRollout(workflowId);
    await record('fleet-installs-warning-retried', workflowId);
  });

  // The release: one wave, a child rollout rejected then retried (phase reports, child starts, retry).
  it("release: a rejected rollout, retry, completed; and that child rollout's own history", async () => {
    const input = releaseOf('fixture-rejected', [1, 1]);
    input.images[0] = { ...input.images[0]!, requireApproval: true } as (typeof input.images)[number];
    const { workflowId } = await h.rollouts.startRelease(input);
    const child = `rollout-1001-${input.images[0]!.imageId}`;
    await h.waitForStatus(child, (s) => s.phase === 'awaiting-approval');
    await h.rollouts.rejectRollout(child, 'recorded reject');
    while ((await h.rollouts.getRelease(workflowId)).phase !== 'awaiting-operator')
      await new Promise((r) => setTimeout(r, 200));
    await h.rollouts.retryRelease(workflowId);
    await new Promise((r) => setTimeout(r, 1_000));
    await h.waitForStatus(child, (s) => s.phase === 'awaiting-approval');
    await h.rollouts.approveRollout(child);
    await record('release-rejected-retried', workflowId);
    await record('release-child-rollout', child);
  });

  // Two waves with a pause: the first run ends in continue-as-new, the second waits for promote.
  it('release: two waves, continue-as-new, promote', async () => {
    const { workflowId, runId } = await h.rollouts.startRelease(releaseOf('fixture-two-waves', [1, 2]));
    while ((await h.rollouts.getRelease(workflowId)).phase !== 'awaiting-promotion')
      await new Promise((r) => setTimeout(r, 200));
    await h.rollouts.promoteRelease(workflowId);
    await record('release-two-waves-second-run', workflowId);
    await record('release-two-waves-first-run', workflowId, runId);
  });

  it('release: cancelled mid-wave', async () => {
    const { workflowId } = await h.rollouts.startRelease(
      releaseOf('fixture-cancel', [1, 1], { installAt: Math.floor(Date.now() / 1000) + 3600 }),
    );
    while ((await h.rollouts.getRelease(workflowId)).counts.scheduled !== 2)
      await new Promise((r) => setTimeout(r, 200));
    await h.rollouts.cancelRelease(workflowId, 'recorded cancel');
    await record('release-cancelled-mid-wave', workflowId);
  });

  // Operator safety: a foreign diff locks the image; unlock {reinstall} rejects it; fullEvery counts.
  it('foreign lock, unlock with reinstall', async () => {
    const input = base();
    await clientFor(h.sim).imageDiffCreate(input.accountServiceId, input.imageId, 9);
    const { workflowId } = await h.rollouts.startRollout({ ...input, fullEvery: 2 });
    await h.waitForStatus(workflowId, (s) => s.phase === 'awaiting-operator');
    await h.rollouts.unlockRollout(workflowId, { reinstall: true, by: 'fixture@recorder' });
    await record('foreign-lock-unlocked-full-every', workflowId);
  });

  it('reminders, then auto-cancel while awaiting approval', async () => {
    const { workflowId } = await h.rollouts.startRollout({
      ...base(),
      requireApproval: true,
      remindEveryMinutes: 0.02,
      autoCancelAfterMinutes: 0.05,
    });
    await record('reminded-then-auto-cancelled', workflowId);
  });

  it('invalid input', async () => {
    const handle = await h.temporal.workflow.start('rollout', {
      taskQueue: h.taskQueue,
      workflowId: `fixture-bad-${Date.now()}`,
      args: [{ accountServiceId: 'x' }],
    });
    await record('invalid-input', handle.workflowId);
  });
});
