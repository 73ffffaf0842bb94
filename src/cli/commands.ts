import type { ListFilter, RollbackAccepted, RolloutInput, RolloutStatus } from '../client';
import { isFinalPhase } from '../contract/rollout/status';
import { follow } from './follow';
import { formatLive } from './liveFormat';
import { formatAction, formatList, formatStart, formatStatus, formatInstalls } from './format';
import type { CliClient } from './io';
import { DEFAULT_LIST_LIMIT, print, printLinked, printList, type OutputOptions } from './output';
import { progressLine, redraw } from './progress';
import type { Session } from './session';

/** What each command does once its flags are valid. Each returns the exit code. */

export async function start(
  session: Session,
  input: RolloutInput,
  workflowId: string | undefined,
  out: OutputOptions,
): Promise<number> {
  const link = session.webUiLink();
  const client = await session.client();
  const started = await client.startRollout(input, workflowId === undefined ? {} : { workflowId });
  return printLinked(session, out, started, link(started.workflowId), formatStart);
}

export async function status(session: Session, workflowId: string, out: OutputOptions): Promise<number> {
  const link = session.webUiLink();
  const client = await session.client();
  return printLinked(session, out, await client.getRollout(workflowId), link(workflowId), (current) =>
    formatStatus(workflowId, current),
  );
}

/** `installs <id>`: one page of the per-machine install jobs, read from Clanforge by a worker. */
export async function installs(
  session: Session,
  workflowId: string,
  page: { failedOnly: boolean; offset: number; limit: number },
  out: OutputOptions,
): Promise<number> {
  const client = await session.client();
  return print(session, out, await client.listInstalls(workflowId, page), formatInstalls);
}

export async function list(session: Session, filter: ListFilter, out: OutputOptions): Promise<number> {
  const client = await session.client();
  const limit = filter.limit ?? DEFAULT_LIST_LIMIT;
  // One row more than shown: it tells whether the list goes on.
  const rows = await client.listRollouts({ ...filter, limit: limit + 1 });
  const narrow = '--phase, --asid, --image or --game-build';
  return printList(session, out, rows, { limit, noun: 'rollouts', narrow }, formatList);
}

/** The operator commands, by CLI name. */
export const ACTIONS = {
  cancel: { describe: 'cancel the rollout (rejects an open diff, as cleanup)', reason: true },
  retry: { describe: 'retry the failed step (when the rollout waits for an operator)', reason: false },
  approve: { describe: 'approve the diff (with --require-approval)', reason: false },
  reject: { describe: 'reject the diff (with --require-approval)', reason: true },
  proceed: { describe: 'stop waiting for --install-at and go on now', reason: false },
  unlock: {
    describe:
      'reject the diff that locks the image, when the rollout did not make it and no running rollout did (--reinstall also restores its machine)',
    reason: false,
  },
  rollback: {
    describe:
      'switch the fleet back to the profile live before the cutover: while cutting over or baking, or after the rollout completed (starts a `rollback` workflow; refused when a later cutover of the fleet completed)',
    reason: true,
  },
} as const;
export type ActionName = keyof typeof ACTIONS;

/** What an action's flags carry: the reason (cancel, reject), force (retry), who sends it (--by; undefined: the client names user@host). */
export interface ActionFlags {
  reason?: string;
  force?: boolean;
  by?: string;
  /** unlock only: reject with reinstall=1. */
  reinstall?: boolean;
}

function send(
  client: CliClient,
  action: ActionName,
  workflowId: string,
  { reason, force, by, reinstall }: ActionFlags,
): Promise<RollbackAccepted> {
  switch (action) {
    case 'cancel':
      return client.cancelRollout(workflowId, reason, { by });
    case 'retry':
      return client.retryRollout(workflowId, force ? { force, by } : { by });
    case 'approve':
      return client.approveRollout(workflowId, { by });
    case 'reject':
      return client.rejectRollout(workflowId, reason, { by });
    case 'proceed':
      return client.proceedNow(workflowId, { by });
    case 'unlock':
      return client.unlockRollout(workflowId, reinstall ? { reinstall, by } : { by });
    case 'rollback':
      return client.rollbackRollout(workflowId, reason, { by });
  }
}

export async function act(
  session: Session,
  action: ActionName,
  workflowId: string,
  flags: ActionFlags,
  out: OutputOptions,
): Promise<number> {
  const client = await session.client();
  const accepted = await send(client, action, workflowId, flags);
  return print(session, out, { workflowId, action, ...accepted }, () => formatAction(action, workflowId, accepted));
}

/** `live --fleet F`: the fleet's live profile, its image and build, and the workflow that made it live. */
export async function live(session: Session, fleetId: string, out: OutputOptions): Promise<number> {
  const client = await session.client();
  return print(session, out, await client.fleetLive(fleetId), formatLive);
}

/** Follows the rollout to its end: a redrawn bar in a terminal, JSON lines otherwise; exit 0 only if it completed. */
export async function watch(
  session: Session,
  workflowId: string,
  intervalMs: number,
  out: OutputOptions,
): Promise<number> {
  const client = await session.client();
  const { columns } = session.io;
  return follow<RolloutStatus>(
    session,
    {
      kind: 'rollout',
      id: workflowId,
      statuses: client.watchRollout(workflowId, { intervalMs }),
      isFinal: isFinalPhase,
      endReason: (current) =>
        (current.phase === 'cancelled' ? (current.cancelReason ?? current.lastError) : current.lastError) ?? undefined,
      frame: (current) => ({ text: redraw(progressLine(current), columns), height: 1 }),
    },
    out,
  );
}
