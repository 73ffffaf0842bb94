import type { ActionAccepted, ListFilter, RolloutInput, RolloutStatus } from '../client';
import { FINAL_PHASES } from '../workflows/rollout/status';
import { CliError, EXIT_FAILURE, EXIT_OK } from './errors';
import { formatAction, formatList, formatStart, formatStatus, json, formatInstalls } from './format';
import type { CliClient } from './io';
import { progressLine, redraw } from './progress';
import type { Session } from './session';

/** What each command does once its flags are valid. Each returns the exit code. */

export interface OutputOptions {
  json: boolean;
}

export async function start(session: Session, input: RolloutInput, workflowId: string | undefined, out: OutputOptions): Promise<number> {
  const client = await session.client();
  const started = await client.startRollout(input, workflowId === undefined ? {} : { workflowId });
  session.io.stdout.write(out.json ? json(started) : formatStart(started));
  return EXIT_OK;
}

export async function status(session: Session, workflowId: string, out: OutputOptions): Promise<number> {
  const client = await session.client();
  const current = await client.getRollout(workflowId);
  session.io.stdout.write(out.json ? json(current) : formatStatus(workflowId, current));
  return EXIT_OK;
}

/** `installs <id>`: one page of the per-machine install jobs, read from Clanforge by a worker. */
export async function installs(session: Session, workflowId: string, page: { failedOnly: boolean; offset: number; limit: number }, out: OutputOptions): Promise<number> {
  const client = await session.client();
  const listed = await client.listInstalls(workflowId, page);
  session.io.stdout.write(out.json ? json(listed) : formatInstalls(listed));
  return EXIT_OK;
}

export async function list(session: Session, filter: ListFilter, out: OutputOptions): Promise<number> {
  const client = await session.client();
  const rollouts = await client.listRollouts(filter);
  session.io.stdout.write(out.json ? json(rollouts) : formatList(rollouts));
  return EXIT_OK;
}

/** The operator commands, by CLI name. */
export const ACTIONS = {
  cancel: { describe: 'cancel the rollout (rejects an open diff, as cleanup)', reason: true },
  retry: { describe: 'retry the failed step (when the rollout waits for an operator)', reason: false },
  approve: { describe: 'approve the diff (with --require-approval)', reason: false },
  reject: { describe: 'reject the diff (with --require-approval)', reason: true },
  proceed: { describe: 'stop waiting for --install-at and go on now', reason: false },
} as const;
export type ActionName = keyof typeof ACTIONS;

/** What an action's flags carry: the reason (cancel, reject), force (retry). */
export interface ActionFlags {
  reason?: string;
  force?: boolean;
}

function send(client: CliClient, action: ActionName, workflowId: string, { reason, force }: ActionFlags): Promise<ActionAccepted> {
  switch (action) {
    case 'cancel':
      return client.cancelRollout(workflowId, reason);
    case 'retry':
      return client.retryRollout(workflowId, force ? { force } : {});
    case 'approve':
      return client.approveRollout(workflowId);
    case 'reject':
      return client.rejectRollout(workflowId, reason);
    case 'proceed':
      return client.proceedNow(workflowId);
  }
}

export async function act(session: Session, action: ActionName, workflowId: string, flags: ActionFlags, out: OutputOptions): Promise<number> {
  const client = await session.client();
  const accepted = await send(client, action, workflowId, flags);
  session.io.stdout.write(out.json ? json({ workflowId, action, ...accepted }) : formatAction(action, workflowId, accepted));
  return EXIT_OK;
}

function endReason(current: RolloutStatus): string {
  const why = current.phase === 'cancelled' ? (current.cancelReason ?? current.lastError) : current.lastError;
  return why ? `: ${why}` : '';
}

/**
 * Follows the rollout to its end: a redrawn bar in a terminal, one JSON object per line per
 * change otherwise (or with --json). Exit 0 when it completed, 1 for any other ending.
 */
export async function watch(session: Session, workflowId: string, intervalMs: number, out: OutputOptions): Promise<number> {
  const { stdout, isTTY, columns } = session.io;
  const drawing = isTTY && !out.json;
  const client = await session.client();
  let last: RolloutStatus | undefined;
  try {
    for await (const current of client.watchRollout(workflowId, { intervalMs })) {
      last = current;
      stdout.write(drawing ? redraw(progressLine(current), columns) : `${JSON.stringify(current)}\n`);
    }
  } finally {
    if (drawing && last) stdout.write('\n');
  }
  if (!last || !FINAL_PHASES.includes(last.phase)) {
    throw new CliError(`watching ${workflowId} stopped before the rollout ended`, EXIT_FAILURE);
  }
  if (last.phase !== 'completed') throw new CliError(`rollout ${workflowId} ${last.phase}${endReason(last)}`, EXIT_FAILURE);
  if (drawing) stdout.write(`rollout ${workflowId} completed\n`);
  return EXIT_OK;
}
