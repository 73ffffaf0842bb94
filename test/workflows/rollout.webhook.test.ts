import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RolloutEvent } from '../../src/activities';
import { startRolloutHarness, type RolloutHarness } from '../support/rolloutHarness';

// A local receiver standing in for a release manager's webhook; it refuses its first delivery.
const received: RolloutEvent[] = [];
let refusals = 1;
let receiver: http.Server;
let h: RolloutHarness;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (refusals-- > 0) {
        res.writeHead(503).end();
        return;
      }
      received.push(JSON.parse(body) as RolloutEvent);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  h = await startRolloutHarness({ speed: 200, fleet: 2, webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` });
});
afterAll(async () => {
  await h?.close();
  receiver?.close();
});

describe('webhook notifications', () => {
  it('posts each phase change and the end, retrying a refused delivery', async () => {
    const { workflowId } = await h.rollouts.startRollout({ accountServiceId: 1001, imageId: 61, machineId: 7, gameBuild: 'hook-1', notify: true });
    expect((await h.rollouts.result(workflowId)).phase).toBe('completed');
    const phases = received.filter((e) => e.workflowId === workflowId).map((e) => e.phase);
    expect(phases).toEqual(expect.arrayContaining(['diffing', 'versioning', 'installing', 'completed']));
    const last = received.find((e) => e.phase === 'completed');
    expect(last).toMatchObject({ final: true, gameBuild: 'hook-1', imageId: 61, previousPhase: 'installing' });
  });

  it('never holds up a rollout when the receiver is gone', async () => {
    receiver.close();
    const { workflowId } = await h.rollouts.startRollout({ accountServiceId: 1001, imageId: 62, machineId: 7, notify: true });
    expect((await h.rollouts.result(workflowId)).phase).toBe('completed');
  });
});
