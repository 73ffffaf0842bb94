import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChaosStack } from './stack';
import { sleep } from '../support/wait';
import { emittedEvents, historyLength, WebhookReceiver } from '../support/webhookReceiver';

// Webhook events through receiver outages, with a real worker process on its own dev server.
// CLANFORGE_POLL_SCALE=10 divides the delivery's hour and backoff by 10 (docs/how-to/notifications.md),
// so a 5-minute outage is 30 s here, and 1.0.0's 5 tries (about 15 s, unscaled) do not outlast it.
const SCALE = 10;
const FIVE_MINUTES_MS = (5 * 60_000) / SCALE;
const receiver = new WebhookReceiver();
let stack: ChaosStack;
let temporal: Client;

beforeAll(async () => {
  const url = await receiver.start();
  stack = await ChaosStack.start({
    speed: 60,
    fleet: 2,
    workerEnv: { ROLLOUT_WEBHOOK_URL: url, CLANFORGE_POLL_SCALE: String(SCALE) },
  });
  await stack.startWorker();
  temporal = new Client({ connection: await Connection.connect({ address: stack.server.address }) });
});
afterAll(async () => {
  await stack?.close();
  await temporal?.connection.close();
  receiver.close();
});

const base = { accountServiceId: 1001, machineId: 7, notify: true };

/** Every emitted event arrived, each workflow's in the order it was emitted. */
async function expectAllDelivered(workflowIds: string[]): Promise<number> {
  const emitted = await emittedEvents(temporal, workflowIds);
  await receiver.waitFor(emitted);
  for (const [workflowId, events] of emitted) {
    expect(events.length, workflowId).toBeGreaterThan(0);
    expect(receiver.firstArrivals(workflowId), workflowId).toEqual(events);
  }
  return [...emitted.values()].reduce((n, events) => n + events.length, 0);
}

describe('webhook events through receiver outages', () => {
  it('a receiver down for 5 minutes during a release of 5 images loses no event', { timeout: 240_000 }, async () => {
    const images = [1, 2, 3, 4, 5].map((i) => ({ accountServiceId: 1001, imageId: 80 + i, machineId: 7 }));
    const { workflowId } = await stack.rollouts.startRelease({
      releaseId: 'outage',
      notify: true,
      defaults: { notify: true },
      images,
    });
    while (!receiver.received.some((e) => e.workflowId === workflowId)) await sleep(100);
    receiver.down = true;
    const receivedBefore = receiver.received.length;
    await sleep(FIVE_MINUTES_MS);
    receiver.down = false;
    expect((await stack.rollouts.releaseResult(workflowId)).phase).toBe('completed');
    const ids = [workflowId, ...images.map((i) => `rollout-${i.accountServiceId}-${i.imageId}`)];
    const emitted = await expectAllDelivered(ids);
    console.log(
      `release of 5 images, receiver down ${FIVE_MINUTES_MS / 1000} s: ${emitted} events emitted, ` +
        `${receiver.received.length} received (${receivedBefore} before the outage)`,
    );
  });

  it('the history does not grow while a delivery is retried', { timeout: 180_000 }, async () => {
    receiver.down = true;
    const { workflowId } = await stack.rollouts.startRollout({ ...base, imageId: 91, requireApproval: true });
    await stack.waitForStatus(workflowId, (s) => s.phase === 'awaiting-approval');
    await sleep(2_000);
    const [events, tries] = [await historyLength(temporal, workflowId), receiver.tries];
    // 20 s is 200 s of the delivery's time: past 1.0.0's 5 tries, and many of ours.
    await sleep(20_000);
    const [eventsAfter, triesAfter] = [await historyLength(temporal, workflowId), receiver.tries];
    console.log(`during the outage: ${triesAfter - tries} tries, history ${events} → ${eventsAfter} events`);
    expect(triesAfter - tries).toBeGreaterThanOrEqual(3);
    expect(eventsAfter).toBe(events);
    receiver.down = false;
    await stack.rollouts.approveRollout(workflowId);
    expect((await stack.rollouts.result(workflowId)).phase).toBe('completed');
    await expectAllDelivered([workflowId]);
  });

  it('a worker killed during an outage loses no event', { timeout: 180_000 }, async () => {
    receiver.down = true;
    const downAt = Date.now();
    const { workflowId } = await stack.rollouts.startRollout({ ...base, imageId: 92 });
    await stack.waitForStatus(workflowId, (s) => s.phase === 'installing');
    await stack.workers.at(-1)!.kill9();
    await stack.startWorker();
    await sleep(Math.max(0, downAt + FIVE_MINUTES_MS - Date.now()));
    receiver.down = false;
    expect((await stack.rollouts.result(workflowId)).phase).toBe('completed');
    await expectAllDelivered([workflowId]);
  });

  it(
    "the rollout's end neither drops the events still queued nor waits for the receiver",
    { timeout: 180_000 },
    async () => {
      const { workflowId } = await stack.rollouts.startRollout({ ...base, imageId: 93 });
      await stack.waitForStatus(workflowId, (s) => s.phase === 'installing');
      receiver.down = true;
      const result = await stack.rollouts.result(workflowId);
      expect(result.phase).toBe('completed');
      // The result came back while the receiver was down; it stays down past 1.0.0's tries.
      expect(receiver.down).toBe(true);
      await sleep(FIVE_MINUTES_MS);
      receiver.down = false;
      await expectAllDelivered([workflowId]);
      expect(receiver.received.filter((e) => e.workflowId === workflowId).at(-1)).toMatchObject({
        phase: 'completed',
        final: true,
      });
    },
  );
});
