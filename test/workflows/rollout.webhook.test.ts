import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReleaseEvent, RolloutEvent } from '../../src/contract/webhookEvents';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { sleep } from '../support/wait';

// A local receiver standing in for a release manager's webhook; it refuses its first delivery.
const received: (RolloutEvent | ReleaseEvent)[] = [];
let refusals = 1;
let receiver: http.Server;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (refusals-- > 0) {
        res.writeHead(503).end();
        return;
      }
      received.push(JSON.parse(body) as RolloutEvent | ReleaseEvent);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
});
afterAll(() => receiver?.close());
const h = useRolloutHarness(() => ({
  speed: 200,
  fleet: 2,
  webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
}));

describe('webhook notifications', () => {
  it('posts each phase change and the end, retrying a refused delivery', async () => {
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: 1001,
      imageId: 61,
      machineId: 7,
      gameBuild: 'hook-1',
      notify: true,
    });
    expect((await h.rollouts.result(workflowId)).phase).toBe('completed');
    const phases = received.filter((e) => e.workflowId === workflowId).map((e) => e.phase);
    expect(phases).toEqual(expect.arrayContaining(['diffing', 'versioning', 'installing', 'completed']));
    const last = received.find((e) => e.phase === 'completed');
    expect(last).toMatchObject({ final: true, gameBuild: 'hook-1', imageId: 61, previousPhase: 'installing' });
  });

  it('a release posts its own events: each wave started, awaiting promotion, ended', async () => {
    const { workflowId } = await h.rollouts.startRelease({
      releaseId: 'hooked',
      gameBuild: 'hook-2',
      notify: true,
      images: [1, 2].map((wave) => ({ accountServiceId: 5102, imageId: 60 + wave, machineId: 7, wave })),
    });
    const waitFor = async (event: string) => {
      while (!received.some((e) => e.workflowId === workflowId && 'kind' in e && e.event === event)) await sleep(100);
    };
    await waitFor('awaiting-promotion');
    await h.rollouts.promoteRelease(workflowId);
    expect((await h.rollouts.releaseResult(workflowId)).phase).toBe('completed');
    await waitFor('ended');
    const events = received.filter((e): e is ReleaseEvent => e.workflowId === workflowId && 'kind' in e);
    expect(events.map((e) => [e.event, e.wave, e.phase])).toEqual([
      ['wave-started', 1, 'running'],
      ['awaiting-promotion', 2, 'awaiting-promotion'],
      ['wave-started', 2, 'running'],
      ['ended', 2, 'completed'],
    ]);
    expect(events[1]).toMatchObject({
      kind: 'release',
      releaseId: 'hooked',
      gameBuild: 'hook-2',
      waves: 2,
      awaiting: { actions: ['promote', 'cancel'] },
    });
    expect(events[3]).toMatchObject({ final: true, text: 'release hooked completed', counts: { completed: 2 } });
    // The rollouts themselves notify only when asked (defaults.notify).
    expect(received.some((e) => e.workflowId === 'rollout-5102-61')).toBe(false);
  });

  it('while a person is needed: reminders, then an auto-cancel, on durable timers at compressed time', async () => {
    // 0.02 min = 1.2 s between reminders; cancelled after 0.07 min = 4.2 s without an action.
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: 5102,
      imageId: 71,
      machineId: 7,
      requireApproval: true,
      remindEveryMinutes: 0.02,
      autoCancelAfterMinutes: 0.07,
    });
    const result = await h.rollouts.result(workflowId);
    expect(result.phase).toBe('cancelled');
    expect(result.reason).toMatch(
      /^auto-cancelled: no one acted for \d+ s in awaiting-approval \(autoCancelAfterMinutes\)$/,
    );
    expect((await h.admin.job('diff', result.diffId!))?.rejected).toBe(true);
    const reminders = received.filter(
      (e): e is RolloutEvent => e.workflowId === workflowId && 'reminder' in e && e.reminder === true,
    );
    expect(reminders.length).toBeGreaterThanOrEqual(2);
    expect(reminders.length).toBeLessThanOrEqual(4);
    expect(reminders[0]).toMatchObject({
      phase: 'awaiting-approval',
      event: expect.stringMatching(/^reminder 1: still awaiting-approval after \d+ s: diff \d+ found/),
    });
    // Reminders go out although the input did not ask for phase-change notifications.
    expect(received.some((e) => e.workflowId === workflowId && 'reminder' in e === false)).toBe(false);
  });

  it('reminders stop after the 72nd interval, so a wait nobody ends does not grow the history for ever', async () => {
    // One due every 60 ms (0.001 min), more often than the workflow can send them: the ones it
    // falls behind on collapse into one. Cancelled after 7.2 s, when 120 would have been due.
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: 5102,
      imageId: 72,
      machineId: 7,
      requireApproval: true,
      remindEveryMinutes: 0.001,
      autoCancelAfterMinutes: 0.12,
    });
    expect((await h.rollouts.result(workflowId)).phase).toBe('cancelled');
    const numberOf = (e: RolloutEvent) => Number(/^reminder (\d+)/.exec(e.event)?.[1]);
    const remindersOf = () =>
      received.filter((e): e is RolloutEvent => e.workflowId === workflowId && 'reminder' in e && e.reminder === true);
    // Deliveries run beside the workflow: give the last ones a moment to land.
    for (let i = 0; i < 50 && !remindersOf().some((e) => numberOf(e) === 72); i++) await sleep(100);
    const numbers = remindersOf()
      .map(numberOf)
      .sort((a, b) => a - b);
    expect(numbers.at(-1)).toBe(72);
    expect(numbers.length).toBeLessThan(72);
    expect(remindersOf().find((e) => numberOf(e) === 72)!.event).toMatch(
      /^reminder 72 \(the last one: reminders stop here\): still awaiting-approval/,
    );
  });

  it('never holds up a rollout when the receiver is gone', async () => {
    receiver.close();
    const { workflowId } = await h.rollouts.startRollout({
      accountServiceId: 1001,
      imageId: 62,
      machineId: 7,
      notify: true,
    });
    expect((await h.rollouts.result(workflowId)).phase).toBe('completed');
  });
});
