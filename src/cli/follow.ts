import type { ClosedExecution } from '../contract/rollout/status';
import { CliError, EXIT_FAILURE, EXIT_OK } from './errors';
import { closedText } from './format';
import type { OutputOptions } from './output';
import type { Session } from './session';

/** A status `watch` can follow: its phase, and how Temporal closed it when it did. */
interface Watched {
  phase: string;
  closed?: ClosedExecution;
}

/** What `watch` follows: a rollout or a release, as the client yields its status changes. */
export interface Followed<S extends Watched> {
  kind: 'rollout' | 'release';
  id: string;
  statuses: AsyncIterable<S>;
  isFinal(phase: string): boolean;
  /** Why it ended other than completed, if it says. */
  endReason(status: S): string | undefined;
  /** The terminal's picture of a status, drawn over the previous one (`height` lines tall, 0 at first). */
  frame(status: S, height: number): { text: string; height: number };
}

/**
 * Follows to the end: a picture redrawn in a terminal, one JSON object per line per change
 * otherwise (or with --json). Exit 0 when it completed, 1 for any other ending (Temporal closing
 * it, terminated or timed out, included).
 */
export async function follow<S extends Watched>(
  session: Session,
  followed: Followed<S>,
  out: OutputOptions,
): Promise<number> {
  const { stdout, isTTY } = session.io;
  const { kind, id } = followed;
  const drawing = isTTY && !out.json;
  let last: S | undefined;
  let height = 0;
  try {
    for await (const current of followed.statuses) {
      last = current;
      if (!drawing) {
        stdout.write(`${JSON.stringify(current)}\n`);
        continue;
      }
      const frame = followed.frame(current, height);
      stdout.write(frame.text);
      height = frame.height;
    }
  } finally {
    if (drawing && last) stdout.write('\n');
  }
  if (last?.closed) throw new CliError(`${kind} ${id} ${closedText(last.closed, last.phase)}`, EXIT_FAILURE);
  if (!last || !followed.isFinal(last.phase))
    throw new CliError(`watching ${id} stopped before the ${kind} ended`, EXIT_FAILURE);
  if (last.phase !== 'completed') {
    const why = followed.endReason(last);
    throw new CliError(`${kind} ${id} ${last.phase}${why ? `: ${why}` : ''}`, EXIT_FAILURE);
  }
  if (drawing) stdout.write(`${kind} ${id} completed\n`);
  return EXIT_OK;
}
