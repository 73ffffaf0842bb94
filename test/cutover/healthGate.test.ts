import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/temporal/freePort';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { CUTOVER_ASID, fleetsDocument, RESERVATION } from './fleets';

// Issue 21: the bake's webhook gate (cutover.healthWebhookUrl): an error answer or silence rolls back.
const h = useRolloutHarness({ speed: 60, fleets: fleetsDocument });

const GATE_BODY = 'error rate 7.5% on build b-2 (threshold 2%); crash loop in region eu-west';

let gate: Server | undefined;
afterEach(async () => {
  gate?.closeAllConnections();
  await new Promise((done) => (gate ? gate.close(done) : done(undefined)));
  gate = undefined;
});

/** A gate on a free local port; `answer` decides what (or whether) it answers. */
async function startGate(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  gate = createServer(answer);
  await new Promise<void>((ready) => gate!.listen(0, '127.0.0.1', ready));
  return `http://127.0.0.1:${(gate.address() as AddressInfo).port}/gate`;
}

async function startCutover(gameBuild: string, healthWebhookUrl: string, bakeMinutes: number) {
  return h.rollouts.startRollout({
    accountServiceId: CUTOVER_ASID,
    imageId: 43,
    machineId: 7,
    gameBuild,
    cutover: { fleetId: RESERVATION, profileId: 502, timeout: '30m', bakeMinutes, healthWebhookUrl },
  });
}

async function expectBackOnTheOldProfile(): Promise<void> {
  expect(await h.admin.fleet(RESERVATION)).toMatchObject({
    liveProfileId: 501,
    serversByProfile: { '501': 40 },
    active: 40,
  });
}

describe('the cutover health gate', () => {
  it('answers 500 with a body: the bake finds the profile unhealthy and the fleet is switched back', async () => {
    const posted: unknown[] = [];
    const url = await startGate((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        posted.push(JSON.parse(body));
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`${GATE_BODY}${' and more'.repeat(40)}`);
      });
    });
    const { workflowId } = await startCutover('b-2', url, 1);

    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('rolled-back');
    expect(result.cutover).toMatchObject({ rolledBack: true, health: { verdict: 'unhealthy' } });
    expect(result.cutover!.rollbackReason).toContain(`health gate: HTTP 500: ${GATE_BODY}`);
    // Only the body's first 200 characters.
    expect(result.cutover!.rollbackReason).not.toContain(' and more'.repeat(30));
    expect(result.reason).toContain(GATE_BODY);
    // The gate was asked once (the first check ended the bake), with the cutover's context.
    expect(posted).toEqual([
      expect.objectContaining({ rolloutId: workflowId, fleetId: RESERVATION, profileId: 502, previousProfileId: 501 }),
    ]);
    await expectBackOnTheOldProfile();
  }, 240_000);

  it('does not answer (accepts, never responds): unknown first, unhealthy after three silent checks, rolled back', async () => {
    let asked = 0;
    // Holds every request open: the activity's gate timeout ends each check.
    const url = await startGate(() => void asked++);
    const { workflowId } = await startCutover('b-3', url, 1);

    const silent = await h.waitForStatus(
      workflowId,
      (s) => s.phase === 'baking' && s.cutover?.health?.verdict === 'unknown',
      180_000,
    );
    expect(silent.cutover!.health!.reason).toMatch(/health gate did not answer/);

    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('rolled-back');
    expect(result.cutover).toMatchObject({ rolledBack: true, health: { verdict: 'unhealthy' } });
    expect(result.cutover!.rollbackReason).toMatch(/^the health gate did not answer 3 checks in a row/);
    expect(asked).toBe(3);
    await expectBackOnTheOldProfile();
  }, 300_000);

  it('is a closed port: unknown first, unhealthy after three refused checks, rolled back', async () => {
    const url = `http://127.0.0.1:${await freePort()}/gate`;
    const { workflowId } = await startCutover('b-4', url, 1);

    await h.waitForStatus(workflowId, (s) => s.phase === 'baking' && s.cutover?.health?.verdict === 'unknown', 180_000);
    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('rolled-back');
    expect(result.cutover!.rollbackReason).toMatch(/^the health gate did not answer 3 checks in a row .*ECONNREFUSED/);
    await expectBackOnTheOldProfile();
  }, 240_000);
});
