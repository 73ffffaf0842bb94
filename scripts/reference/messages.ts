import * as releaseMessages from '../../src/contract/release/messages';
import * as rolloutMessages from '../../src/contract/rollout/messages';
import * as rollbackMessages from '../../src/contract/rollback/messages';
import * as freezeMessages from '../../src/contract/freeze/messages';
import { code, table, type Page } from './markdown';
import { interfaceTable } from './tsInterfaces';

/** A defineSignal / defineQuery / defineUpdate object, as the messages modules export them. */
interface Definition {
  type: 'signal' | 'query' | 'update';
  name: string;
}

function definitions(module: Record<string, unknown>): Definition[] {
  return Object.values(module).filter(
    (value): value is Definition =>
      typeof value === 'object' &&
      value !== null &&
      ['signal', 'query', 'update'].includes((value as Definition).type) &&
      typeof (value as Definition).name === 'string',
  );
}

/** What each message does; the generator fails on a message defined in code without a line here. */
const MEANING: Record<string, string> = {
  'rollout cancel':
    'stop, create nothing more, undo what can be undone (reject a diff no version used), end `cancelled` with the reason. Temporal cancellation does the same and ends the execution Canceled',
  'rollout retry':
    'in `awaiting-operator`: try the failed step again (a new diff, version or install queue; or keep following a stuck job). `force: true` only after the refusal "active allocations exist … send force=1": the version is then made with force=1',
  'rollout approve': 'in `awaiting-approval`: go on to the version',
  'rollout reject': 'in `awaiting-approval`: reject the diff (reinstall=1 with `reinstallOnReject`), end `rejected`',
  'rollout proceedNow': 'in `scheduled`: stop waiting for `installAt`, go on now',
  'rollout unlock':
    'the image is locked by a diff this rollout did not make and no running rollout claims: reject that diff (`reinstall: true` restores its reference machine) and try again',
  'rollout rollback':
    'in `cutting-over` or `baking` (or `awaiting-operator` there, unhealthy): switch the fleet back to the profile live before the cutover, end `rolled-back`. After `completed`, the CLI and client start a `rollback` workflow instead (below)',
  'rollback status': 'where the rollback is (fields below); never changes anything',
  'freeze freeze':
    '`{ reason, by?, includeRollbacks? }`: set the freeze; refused (`FreezeRefused`, nothing written) when already frozen, naming who froze it and when, or without a reason',
  'freeze unfreeze': '`{ by? }`: lift the freeze; refused when not frozen. Held workflows go on by themselves',
  'freeze state':
    "the freeze now (fields below); the same is in the workflow's memo `freeze`, which a describe reads with no worker",
  'rollout status': 'where the rollout is (fields below); never changes anything',
  'rollout input': 'the input the rollout runs with, parsed (defaults filled); null when it was invalid',
  'release promote': 'in `awaiting-promotion`: start the next wave',
  'release retry': "in `awaiting-operator`: start again the current wave's rollouts that ended other than completed",
  'release cancel':
    'cancel every running rollout of the release (each with its own cleanup), wait for them, end `cancelled`',
  'release status': 'where the release is (fields below)',
  'release input': 'the input the release runs with, parsed; null when it was invalid',
  'release rolloutPhase':
    'sent by each rollout the release started, when it enters a phase (`{ workflowId, runId, phase, progress }`): not for people. A rollout started as a child of your own workflow sends it to that parent too; ignore or handle it',
};

function messageTable(workflow: string, module: Record<string, unknown>): string {
  const byName = new Map<string, Set<string>>();
  for (const { type, name } of definitions(module)) byName.set(name, (byName.get(name) ?? new Set()).add(type));
  // Sorted: how a module namespace lists its exports differs between loaders.
  const rows = [...byName]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, types]) => {
      const meaning = MEANING[`${workflow} ${name}`];
      if (meaning === undefined)
        throw new Error(`no meaning for ${workflow} message ${name} in scripts/reference/messages.ts`);
      return [code(name), ['signal', 'update', 'query'].filter((type) => types.has(type)).join(', '), meaning];
    });
  return table(['name', 'as', 'what it does'], rows);
}

export function messagesPage(): Page {
  return {
    title: 'Signals, updates and queries',
    sources: [
      'src/contract/rollout/messages.ts',
      'src/contract/release/messages.ts',
      'src/contract/rollback/messages.ts',
      'src/contract/freeze/messages.ts',
      'src/contract/freeze/state.ts',
      'src/contract/rollout/status.ts',
      'src/contract/release/status.ts',
    ],
    sections: [
      "Defined once, next to each workflow, and shared by the workflow, the client library and the CLI. Every signal has an update twin of the same name: the update's validator refuses what makes no sense in the current phase (a non-retryable `RolloutActionRefused` failure, nothing written to history); a signal that makes no sense, or has an unknown name, is noted in the timeline and changes nothing. The Web UI and `temporal workflow signal` send signals; the CLI and the client library use the updates.",
      '## Rollout (workflow `rollout`)',
      messageTable('rollout', rolloutMessages),
      '### Payload of every operator action',
      'One object, optional as a whole and in every field. Sent by hand, `cancel "text"` takes the string as the reason; any other malformed payload is kept verbatim in the timeline.',
      interfaceTable('src/contract/rollout/messages.ts', 'ReasonArgs'),
      '### `status` query',
      interfaceTable('src/contract/rollout/status.ts', 'RolloutStatus'),
      '### Result',
      interfaceTable('src/contract/rollout/status.ts', 'RolloutResult'),
      '## Rollback (workflow `rollback`)',
      "Started by `rollback <rolloutId>` (client `rollbackRollout`) for a rollout that completed with a cutover: id `rollback-<fleetId>-<n>` (n = 1 + the rollback workflows of the fleet in visibility), search attribute `ClanforgeFleetId`. It switches the fleet back to the rollout's `previousProfileId` (an allocation fleet: announces it live again), and fails at once (`RollbackRefused`, non-retryable) when another cutover of the fleet completed after the rollout, naming it.",
      messageTable('rollback', rollbackMessages),
      '### Input',
      interfaceTable('src/contract/rollback/messages.ts', 'RollbackInput'),
      '### `status` query and result',
      interfaceTable('src/contract/rollback/messages.ts', 'RollbackStatus'),
      '## Freeze (workflow `freeze`)',
      "One per namespace, id `clanforge-freeze`, started by the first `freeze` (CLI `freeze --reason S`, client `freeze`) and kept running (it continues as new every 100 changes). While frozen, every create of every rollout (update, diff, version, install queue, cutover), the next wave of every release and, with `includeRollbacks`, every switch back is held before it is sent: the activity reads this workflow's memo first and fails `ClanforgeFrozen`, and the workflow waits in phase `frozen` until the freeze moves. Nothing is signalled to the held workflows.",
      messageTable('freeze', freezeMessages),
      '### State (the `state` query, the memo `freeze`, the answer to both updates)',
      interfaceTable('src/contract/freeze/state.ts', 'FreezeState'),
      "The freeze itself (`freeze`, `lifted.freeze`, and `frozen` in a held rollout's or release's status):",
      interfaceTable('src/contract/freeze/state.ts', 'FreezeRecord'),
      '## Release (workflow `release`)',
      messageTable('release', releaseMessages),
      "Actions take the same payload as a rollout's (`reason` for `cancel`, `by` for all).",
      '### `status` query',
      interfaceTable('src/contract/release/status.ts', 'ReleaseStatus'),
      'Each entry of `images`:',
      interfaceTable('src/contract/release/status.ts', 'ReleaseImageStatus'),
      '### Result',
      interfaceTable('src/contract/release/status.ts', 'ReleaseResult'),
    ],
  };
}
