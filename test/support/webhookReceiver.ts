import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { ReleaseEvent, RolloutEvent } from '../../src/contract/webhookEvents';
import { sleep } from './wait';

type AnyEvent = RolloutEvent | ReleaseEvent;

/** A local webhook receiver that can be taken down (it answers 503) and brought back. */
export class WebhookReceiver {
  readonly received: AnyEvent[] = [];
  /** Every POST, accepted or refused. */
  tries = 0;
  down = false;
  private server?: http.Server;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        this.tries++;
        if (this.down) {
          res.writeHead(503).end();
          return;
        }
        this.received.push(JSON.parse(body) as AnyEvent);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((ready) => this.server!.listen(0, '127.0.0.1', ready));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  close(): void {
    this.server?.close();
  }

  /** The distinct events received for a workflow, in the order each first arrived. */
  firstArrivals(workflowId: string): string[] {
    return distinct(this.received.filter((e) => e.workflowId === workflowId).map((e) => JSON.stringify(e)));
  }

  /** Waits until every event in `emitted` has arrived (or the time is up: the caller's assertion says what is missing). */
  async waitFor(emitted: Map<string, string[]>, timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    const missing = () =>
      [...emitted].some(([workflowId, events]) => events.some((e) => !this.firstArrivals(workflowId).includes(e)));
    while (missing() && Date.now() < until) await sleep(200);
  }
}

/**
 * The events each workflow emitted, read from the histories: the input of each webhook activity
 * it scheduled (1.0.0's notifyWebhook or deliverWebhookEvent), in order, once each, including the
 * events it handed to a `notifications` workflow at its end.
 */
export async function emittedEvents(client: Client, workflowIds: string[]): Promise<Map<string, string[]>> {
  const emitted = new Map<string, string[]>();
  for (const workflowId of workflowIds) {
    const handle = client.workflow.getHandle(workflowId);
    const { runId } = await handle.describe();
    const events = await webhookInputs(client, workflowId);
    const handedOn = await webhookInputs(client, `${workflowId}-notifications-${runId}`).catch(() => []);
    emitted.set(workflowId, distinct([...events, ...handedOn]));
  }
  return emitted;
}

/** The number of events in a workflow's history. */
export async function historyLength(client: Client, workflowId: string): Promise<number> {
  return (await client.workflow.getHandle(workflowId).fetchHistory()).events?.length ?? 0;
}

async function webhookInputs(client: Client, workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const out: string[] = [];
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    const type = scheduled?.activityType?.name;
    if (type !== 'notifyWebhook' && type !== 'deliverWebhookEvent') continue;
    const data = scheduled?.input?.payloads?.[0]?.data;
    const input = JSON.parse(Buffer.from(data!).toString('utf8')) as AnyEvent | { event: AnyEvent };
    out.push(JSON.stringify('queuedAt' in input ? input.event : input));
  }
  return out;
}

function distinct(items: string[]): string[] {
  return [...new Set(items)];
}
