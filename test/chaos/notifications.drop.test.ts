import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/temporal/freePort';
import { ChaosStack } from './stack';
import { sleep } from '../support/wait';
import { WebhookReceiver } from '../support/webhookReceiver';

// A receiver that never comes back: at CLANFORGE_POLL_SCALE=600 an event's hour is 6 s.
const receiver = new WebhookReceiver();
let stack: ChaosStack;
let metricsPort: number;

beforeAll(async () => {
  const url = await receiver.start();
  receiver.down = true;
  metricsPort = await freePort();
  stack = await ChaosStack.start({
    speed: 600,
    fleet: 2,
    workerEnv: { ROLLOUT_WEBHOOK_URL: url, METRICS_PORT: String(metricsPort) },
  });
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
  receiver.close();
});

async function notificationsTotal(outcome: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`clanforge_notifications_total{outcome="${outcome}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

function workerLog(): { msg?: string; event?: { workflowId?: string; phase?: string } }[] {
  return readFileSync(join(stack.dir, 'worker-1.log'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg?: string; event?: { workflowId?: string; phase?: string } });
}

describe('an event not delivered within the hour', () => {
  it(
    'is dropped, counted in clanforge_notifications_total and logged with the event',
    { timeout: 120_000 },
    async () => {
      const { workflowId } = await stack.rollouts.startRollout({
        accountServiceId: 1001,
        imageId: 95,
        machineId: 7,
        notify: true,
        requireApproval: true,
      });
      await stack.waitForStatus(workflowId, (s) => s.phase === 'awaiting-approval');
      // The first event (diffing) was queued before the approval wait; its hour is 6 s.
      for (let i = 0; i < 300 && (await notificationsTotal('dropped')) < 1; i++) await sleep(200);
      expect(await notificationsTotal('dropped')).toBeGreaterThanOrEqual(1);
      expect(await notificationsTotal('delivered')).toBe(0);
      // The log line reaches the file a little after the counter moves (pino writes asynchronously).
      const droppedLines = () =>
        workerLog().filter((line) => line.msg === 'webhook event dropped: not delivered within the hour');
      for (let i = 0; i < 50 && droppedLines().length === 0; i++) await sleep(200);
      const dropped = droppedLines();
      expect(dropped[0]?.event).toMatchObject({ workflowId, phase: 'diffing', previousPhase: null });
      expect(receiver.tries).toBeGreaterThan(5);
      await stack.rollouts.cancelRollout(workflowId);
    },
  );
});
