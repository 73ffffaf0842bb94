import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RolloutClient, RolloutConflict } from '../../src/client';
import {
  ClanforgeAccountServiceId,
  ClanforgeImageId,
  GameBuild,
  RolloutPhase,
} from '../../src/contract/searchAttributes';
import { inputQuery } from '../../src/contract/rollout/messages';
import { run } from '../cli/helpers';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { temporalCli } from '../support/temporalCli';
import { sleep } from '../support/wait';

// Every start, from any client: same input attaches, a different one is refused; a start by
// type name is searchable like one from the client library.
const ASID = 5101;
const h = useRolloutHarness({ speed: 200, fleet: 2, mirrors: 0 });

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe('starting a rollout whose id is running', () => {
  it('the same input (defaults spelled out, installAt as ISO instead of seconds) attaches', async () => {
    const at = inAnHour();
    const first = await h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: 1,
      machineId: 7,
      gameBuild: '1.0.0',
      installAt: at,
    });
    await h.waitForStatus(first.workflowId, (s) => s.phase === 'scheduled');
    const again = await h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: 1,
      machineId: 7,
      gameBuild: '1.0.0',
      installAt: new Date(at * 1000).toISOString(),
      restart: false,
      diffRetries: 2,
    });
    expect(again).toEqual({ workflowId: first.workflowId, runId: first.runId, started: false });
    // The query the comparison uses answers the parsed input.
    expect(await h.rollouts.handle(first.workflowId).query(inputQuery)).toMatchObject({
      accountServiceId: ASID,
      imageId: 1,
      gameBuild: '1.0.0',
      installAt: at,
      diffRetries: 2,
    });
    await h.rollouts.cancelRollout(first.workflowId);
  });

  it('a different input is refused with RolloutConflict naming the rollout and each field that differs; CLI exit 1, one line', async () => {
    const at = inAnHour();
    const first = await h.rollouts.startRollout({
      accountServiceId: ASID,
      imageId: 2,
      machineId: 7,
      gameBuild: '1.0.0',
      installAt: at,
    });
    await h.waitForStatus(first.workflowId, (s) => s.phase === 'scheduled');
    const refused = await h.rollouts
      .startRollout({
        accountServiceId: ASID,
        imageId: 2,
        machineId: 7,
        gameBuild: '2.0.0',
        installAt: at,
        restart: true,
      })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RolloutConflict);
    const conflict = refused as RolloutConflict;
    expect(conflict.workflowId).toBe(first.workflowId);
    expect(conflict.message).toContain(first.workflowId);
    expect(conflict.message).toContain('gameBuild: running "1.0.0", requested "2.0.0"');
    expect(conflict.message).toContain('restart: running false, requested true');
    expect(conflict.differences.map((d) => d.field)).toEqual(['gameBuild', 'restart']);

    const cli = await run(
      [
        'start',
        '--asid',
        String(ASID),
        '--image',
        '2',
        '--machine',
        '7',
        '--game-build',
        '2.0.0',
        '--install-at',
        String(at),
      ],
      unclosable(),
    );
    expect(cli.code).toBe(1);
    expect(cli.errLines).toHaveLength(1);
    expect(cli.errLines[0]).toMatch(
      new RegExp(`^clanforge-rollout: .*${first.workflowId}.*gameBuild: running "1.0.0", requested "2.0.0"`),
    );
    expect((await h.createCalls())['imagediff/create']).toBe(2);
    await h.rollouts.cancelRollout(first.workflowId);
  });

  it('a rollout no worker answers for is compared through its start event', async () => {
    // No worker polls this queue: the `input` query gets no answer, and the start event decides.
    const unpolled = new RolloutClient(h.temporal, `unpolled-${randomUUID()}`);
    const input = { accountServiceId: ASID, imageId: 3, machineId: 7, gameBuild: '1.0.0' };
    const first = await unpolled.startRollout(input);
    expect(await unpolled.startRollout({ ...input, full: false })).toMatchObject({
      started: false,
      runId: first.runId,
    });
    const refused = await unpolled.startRollout({ ...input, gameBuild: '2.0.0' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RolloutConflict);
    expect((refused as Error).message).toContain('gameBuild: running "1.0.0", requested "2.0.0"');
    await unpolled.handle(first.workflowId).terminate('test done');
  });
});

describe('a rollout started by type name (another language, the temporal CLI)', () => {
  it('upserts all four search attributes from its input, so it is found by image, ASID and game build', async () => {
    const workflowId = `foreign-${randomUUID()}`;
    const gameBuild = `foreign-${randomUUID().slice(0, 8)}`;
    const input = JSON.stringify({
      accountServiceId: ASID,
      imageId: 4,
      machineId: 7,
      gameBuild,
      installAt: inAnHour(),
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

    const description = await h.rollouts.handle(workflowId).describe();
    expect(description.typedSearchAttributes.get(ClanforgeAccountServiceId)).toBe(ASID);
    expect(description.typedSearchAttributes.get(ClanforgeImageId)).toBe(4);
    expect(description.typedSearchAttributes.get(GameBuild)).toBe(gameBuild);
    expect(description.typedSearchAttributes.get(RolloutPhase)).toBe('scheduled');
    for (const query of [
      `ClanforgeImageId=4 AND ClanforgeAccountServiceId=${ASID}`,
      `ClanforgeAccountServiceId=${ASID} AND GameBuild='${gameBuild}'`,
      `GameBuild='${gameBuild}'`,
    ]) {
      expect(await findWithin(query, workflowId, 10_000), query).toBe(true);
    }
    await h.rollouts.cancelRollout(workflowId);
  });
});

/** The harness's client for the CLI, which closes its client at the end of each command. */
function unclosable(): RolloutClient {
  return Object.assign(new RolloutClient(h.temporal, h.taskQueue), { close: () => Promise.resolve() });
}

/** Visibility lags the upsert by up to a second or so: poll. */
async function findWithin(query: string, workflowId: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for await (const wf of h.temporal.workflow.list({ query })) if (wf.workflowId === workflowId) return true;
    await sleep(250);
  }
  return false;
}
