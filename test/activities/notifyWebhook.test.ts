import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RolloutEvent } from '../../src/contract/webhookEvents';
import { notifyWebhookActivity } from '../../src/activities/notifyWebhook';

// The activity posts the body in the webhook's format to a local receiver.
const bodies: unknown[] = [];
let receiver: http.Server;
let url: string;

async function received(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return {
    contentType: req.headers['content-type'],
    body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
  };
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    void received(req).then((delivery) => {
      bodies.push(delivery);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(() => receiver?.close());

const completed: RolloutEvent = {
  workflowId: 'rollout-1001-42',
  phase: 'completed',
  previousPhase: 'installing',
  step: null,
  event: 'rollout completed',
  at: '2026-11-24T10:00:00.000Z',
  accountServiceId: 1001,
  imageId: 42,
  gameBuild: '1.5.0',
  final: true,
};
const webUi = { baseUrl: 'http://localhost:8080', namespace: 'default' };

describe('notifyWebhook', () => {
  it.each([
    ['json', completed],
    [
      'slack',
      {
        text: '<http://localhost:8080/namespaces/default/workflows/rollout-1001-42|rollout-1001-42> (image 42, ASID 1001, build 1.5.0): completed',
      },
    ],
    [
      'discord',
      {
        content:
          '[rollout-1001-42](http://localhost:8080/namespaces/default/workflows/rollout-1001-42) (image 42, ASID 1001, build 1.5.0): completed',
        allowed_mentions: { parse: [] },
      },
    ],
  ] as const)('%s: posts that body as JSON', async (format, expected) => {
    bodies.length = 0;
    const { notifyWebhook } = notifyWebhookActivity(url, { format, webUi });
    await expect(new MockActivityEnvironment().run(notifyWebhook, completed)).resolves.toEqual({
      delivered: true,
      status: 204,
    });
    expect(bodies).toEqual([{ contentType: 'application/json', body: expected }]);
  });

  it('without a URL posts nothing', async () => {
    bodies.length = 0;
    const { notifyWebhook } = notifyWebhookActivity(undefined, { format: 'slack' });
    await expect(new MockActivityEnvironment().run(notifyWebhook, completed)).resolves.toEqual({ delivered: false });
    expect(bodies).toEqual([]);
  });
});
