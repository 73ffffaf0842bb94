import type { Page } from './markdown';
import { interfaceTable } from './tsInterfaces';

const SOURCE = 'src/contract/webhookEvents.ts';

export function webhookEventsPage(): Page {
  return {
    title: 'Webhook events',
    sources: [SOURCE],
    sections: [
      'A rollout or release started with `notify: true` posts its events to the worker\'s `ROLLOUT_WEBHOOK_URL` (the URL lives in the worker\'s environment because such URLs usually carry a token). Reminders (`remindEveryMinutes`) are sent even without `notify`. Deliveries are retried (5 attempts) and never awaited mid-rollout; the end of a workflow waits for its last delivery, bounded by those retries. With `ROLLOUT_WEBHOOK_FORMAT=json` (the default) the body is the event below; with `slack` or `discord` it is one readable line (`{"text": …}` or `{"content": …}`), e.g. `rollout-1001-42 (image 42, ASID 1001, build 1.5.0): approve by alice@build-01 → versioning`, linking to the Web UI when `TEMPORAL_UI_URL` is set. Discord messages are cut to 2,000 characters and never mention anyone.',
      '## Rollout event',
      'Posted on every phase change and at the end (`final: true` on the last one).',
      interfaceTable(SOURCE, 'RolloutEvent'),
      '## Release event',
      'Posted when a wave starts, when the release waits for a person, and at the end. Its rollouts notify only with `defaults.notify`.',
      interfaceTable(SOURCE, 'ReleaseEvent'),
      '## Freeze event',
      "Posted by the `freeze` workflow (`clanforge-freeze`) whenever a freeze is set (`frozen`) or lifted (`unfrozen`), whatever any rollout's `notify`: a channel hears of an incident stop once, and each held rollout with `notify` also reports its own phase `frozen` and its way out of it. In Slack or Discord: `clanforge-freeze: frozen by alice@ops-1: incident 4711 (rollbacks still allowed)`.",
      interfaceTable(SOURCE, 'FreezeEvent'),
    ],
  };
}
