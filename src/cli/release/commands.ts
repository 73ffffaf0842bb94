import type { ActionAccepted, ReleaseInput, ReleaseStatus } from '../../client';
import { defaultReleaseWorkflowId } from '../../contract/release/input';
import { isFinalReleasePhase } from '../../contract/release/status';
import { follow } from '../follow';
import { formatAction } from '../format';
import type { CliClient } from '../io';
import { DEFAULT_LIST_LIMIT, print, printLinked, printList, type OutputOptions } from '../output';
import { redrawBlock } from '../progress';
import type { Session } from '../session';
import type { ReleaseListFilter } from './flags';
import { formatReleaseList, formatReleaseStart, formatReleaseStatus } from './format';
import { watchBlock } from './watchBlock';

/** What each `release` command does once its flags are valid. Each returns the exit code. */

export async function startRelease(
  session: Session,
  input: ReleaseInput,
  workflowId: string | undefined,
  out: OutputOptions,
): Promise<number> {
  const link = session.webUiLink();
  const client = await session.client();
  const started = await client.startRelease(input, workflowId === undefined ? {} : { workflowId });
  return printLinked(session, out, started, link(started.workflowId), formatReleaseStart);
}

export async function releaseStatus(session: Session, id: string, out: OutputOptions): Promise<number> {
  const link = session.webUiLink();
  const client = await session.client();
  const status = await client.getRelease(id);
  return printLinked(session, out, status, link(releaseWorkflowIdOf(id, status)), formatReleaseStatus);
}

/** The workflow id `id` named, as the client resolved it: a releaseId means release-<releaseId>, a workflow id itself. */
function releaseWorkflowIdOf(id: string, status: ReleaseStatus): string {
  return id === status.releaseId ? defaultReleaseWorkflowId(status) : id;
}

export async function listReleases(session: Session, filter: ReleaseListFilter, out: OutputOptions): Promise<number> {
  const client = await session.client();
  const limit = filter.limit ?? DEFAULT_LIST_LIMIT;
  // One row more than shown: it tells whether the list goes on.
  const rows = await client.listReleases({ ...filter, limit: limit + 1 });
  return printList(session, out, rows, { limit, noun: 'releases', narrow: '--phase' }, formatReleaseList);
}

/** Follows the release to its end: a redrawn block in a terminal, JSON lines otherwise; exit 0 only if it completed. */
export async function watchRelease(
  session: Session,
  id: string,
  intervalMs: number,
  out: OutputOptions,
): Promise<number> {
  const client = await session.client();
  const { columns, rows } = session.io;
  return follow<ReleaseStatus>(
    session,
    {
      kind: 'release',
      id,
      statuses: client.watchRelease(id, { intervalMs }),
      isFinal: isFinalReleasePhase,
      endReason: (current) => current.reason,
      frame: (current, height) => {
        const block = watchBlock(current, rows);
        return { text: redrawBlock(block, height, columns), height: block.length };
      },
    },
    out,
  );
}

/** The operator commands on a release, by CLI name. */
export const RELEASE_ACTIONS = {
  promote: { describe: 'start the next wave (when the release waits in awaiting-promotion)', reason: false },
  retry: {
    describe: "start again the current wave's rollouts that ended other than completed (when it waits for an operator)",
    reason: false,
  },
  cancel: {
    describe:
      'cancel every running rollout of the release (each cleans up as its own cancel does) and end it cancelled',
    reason: true,
  },
} as const;
export type ReleaseActionName = keyof typeof RELEASE_ACTIONS;

/** What a release action's flags carry: the reason (cancel), who sends it (--by; undefined: the client names user@host). */
export interface ReleaseActionFlags {
  reason?: string;
  by?: string;
}

function send(
  client: CliClient,
  action: ReleaseActionName,
  id: string,
  { reason, by }: ReleaseActionFlags,
): Promise<ActionAccepted> {
  switch (action) {
    case 'promote':
      return client.promoteRelease(id, { by });
    case 'retry':
      return client.retryRelease(id, { by });
    case 'cancel':
      return client.cancelRelease(id, reason, { by });
  }
}

export async function actOnRelease(
  session: Session,
  action: ReleaseActionName,
  id: string,
  flags: ReleaseActionFlags,
  out: OutputOptions,
): Promise<number> {
  const client = await session.client();
  const accepted = await send(client, action, id, flags);
  return print(session, out, { id, action, ...accepted }, () => formatAction(action, id, accepted));
}
