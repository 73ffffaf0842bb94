import { FINAL_RELEASE_PHASES, RELEASE_PHASES, type ReleasePhase } from '../../src/contract/release/status';
import { FINAL_PHASES, PHASES, type Phase } from '../../src/contract/rollout/status';
import { SEARCH_ATTRIBUTE_FLAGS } from '../../src/contract/searchAttributes';
import { code, table, type Page } from './markdown';

/**
 * What each phase means. The lists come from the workflows' own PHASES; these records are typed
 * by them, so a phase added to the code without a sentence here does not compile.
 */
const ROLLOUT: Record<Phase, string> = {
  updating:
    'only with `updateUrl`: image update create on `machineId`, followed to its end; a failure waits for an operator',
  diffing:
    'image diff create, followed to its end; a failed diff is retried `diffRetries` times (waits from `retryDelaySeconds`, doubling), then waits for an operator',
  'awaiting-operator':
    'a person is needed: `awaiting` says why and which actions move it on (`retry`, `cancel`, `unlock`, …). A permanent API error in any step (bad credentials, a refused create, an unreadable body), a foreign image lock, failed installs and a stuck job all end up here. An action that resumes work (`retry`, `unlock`, `proceed`) moves the rollout back to the phase of the step it resumes at once (`awaiting` and `lastError` null); a `cancel` whose diff still runs follows it in `diffing` (step `cleanup`)',
  'awaiting-approval':
    'only with `requireApproval`: the diff is done and `status.diff` says what it found; `approve` goes on, `reject` rejects the diff and ends `rejected`',
  scheduled:
    'with a future `installAt`, or outside every one of its `windows`: a durable timer until then (`countdown` says how long; `window` names the window and when it opens, before the version or the cutover); `proceedNow` skips it. A past `installAt` goes on at once, with a timeline note; with windows, the version waits for the first opening at or after `installAt`',
  frozen:
    'an emergency freeze (`clanforge-rollout freeze`) holds the next create (update, diff, version, install queue, cutover; a switch back only with `--include-rollbacks`): `frozen` and `awaiting` say who froze it, when and why. Jobs already running are followed; `unfreeze` sends the rollout back to the phase of the step it was held in, by itself',
  versioning:
    'image version create (`full` forced on for an empty diff, or by `fullEvery`), followed to its end; a failed version waits for `retry`, which makes a new diff and version (a diff makes at most one version)',
  installing:
    "queue the version's install jobs (each with its own mirroring) and follow the fleet until the v2 image status has no pending machine; installs that ran before the rollout looked are still counted. Failed machines wait for `retry`, which queues them again",
  'cutting-over':
    "only with `cutover`: the fleet goes live on this image's profile. Reservation fleet: the profile live now is read, someone else's switch still running is waited for, the switch is sent once and followed to `complete` (`cutover.serversProcessed`/`serversPending`); allocation fleet: the new live profile is announced and servers still allocated on the old one drain until none or `timeout`. `rollback` or `cancel` switches back",
  baking:
    'only with `cutover`: for `bakeMinutes` the new profile\'s health is checked (share of servers active and not admin-locked ≥ `minActivePercent`, no failed machine, the optional `healthWebhookUrl` gate); unhealthy rolls back (or, with `onUnhealthy: "pause"`, waits in `awaiting-operator` for `rollback`, `proceed` or `cancel`)',
  completed:
    'final: the fleet is confirmed: the image status shows no pending and no failed machine (with `cutover`: the new profile is live and baked healthy)',
  failed:
    'final: invalid input, a cancel while failed installs waited for `retry` (the result lists them), or an unexpected error',
  cancelled: 'final: `cancel` (or Temporal cancellation, or `autoCancelAfterMinutes`); an unused diff was rejected',
  rejected:
    'final: `reject` during `awaiting-approval`; the diff was rejected (with `reinstall=1` when `reinstallOnReject`)',
  'rolled-back':
    'final: the new profile was unhealthy while baking, or an operator sent `rollback`: the fleet was switched back to `cutover.previousProfileId`; `cutover.rollbackReason` says why',
};

const RELEASE: Record<ReleasePhase, string> = {
  running: "a wave's rollouts are running",
  'awaiting-promotion': 'with `pauseBetweenWaves`: a wave completed; `promote` starts the next',
  frozen:
    'an emergency freeze holds the next wave: none of its rollouts starts until `unfreeze` (rollouts already running are held at their own next create)',
  'awaiting-operator':
    "a rollout of the wave ended other than completed, or one of its rollouts waits in `awaiting-operator`: `awaiting` names it and why; `retry` starts it again (or the rollout's own action moves it on, and the release is `running` again), `cancel` ends the release",
  completed: 'final: every wave completed',
  failed: 'final: the release could not go on',
  cancelled: 'final: `cancel` (or Temporal cancellation); every running rollout was cancelled first',
};

function phaseTable(phases: readonly string[], finals: readonly string[], meaning: (phase: string) => string): string {
  return table(
    ['phase', 'final', 'meaning'],
    phases.map((phase) => [code(phase), finals.includes(phase) ? 'yes' : '', meaning(phase)]),
  );
}

export function phasesPage(): Page {
  const attributes = SEARCH_ATTRIBUTE_FLAGS.map((flag) => flag.split('=')).map(([name = '', type = '']) => [
    code(name),
    type,
  ]);
  return {
    title: 'Phases and search attributes',
    sources: ['src/contract/rollout/status.ts', 'src/contract/release/status.ts', 'src/contract/searchAttributes.ts'],
    sections: [
      "A workflow's phase is in its `status` query and in the search attribute `RolloutPhase`, upserted at every change (on a release it holds the release's phase), so `list --phase P` and `temporal workflow list --query \"RolloutPhase='P'\"` find it.",
      '## Rollout (workflow `rollout`)',
      'As the code lists them (`PHASES`):',
      phaseTable(PHASES, FINAL_PHASES, (phase) => ROLLOUT[phase as Phase]),
      '## Release (workflow `release`)',
      phaseTable(RELEASE_PHASES, FINAL_RELEASE_PHASES, (phase) => RELEASE[phase as ReleasePhase]),
      '## Search attributes',
      "Registered by `npm run dev`, the tests and compose's `temporal-setup`; register them once per namespace in production ([how-to](../how-to/deploy-production.md#register-the-search-attributes)).",
      table(['name', 'type'], attributes),
    ],
  };
}
