import type { Command } from 'commander';
import { EXIT_OK } from './errors';
import { json } from './format';
import type { Session } from './session';

/** How a command prints: human text, or `--json` objects on stdout. */
export interface OutputOptions {
  json: boolean;
}

export const JSON_HELP = 'machine-readable output on stdout';

/** `--json` may come before the command (program option) or after it. */
export function output(command: Command): OutputOptions {
  return { json: command.optsWithGlobals<{ json?: boolean }>().json === true };
}

/** Writes a command's result, the object itself with --json, and returns exit 0. */
export function print<T>(session: Session, out: OutputOptions, value: T, human: (value: T) => string): number {
  session.io.stdout.write(out.json ? json(value) : human(value));
  return EXIT_OK;
}

/** `print`, with the workflow's Web UI address (TEMPORAL_UI_URL) when there is one: a last `web ui:` line, or `webUiUrl` in --json. */
export function printLinked<T extends object>(
  session: Session,
  out: OutputOptions,
  value: T,
  webUiUrl: string | undefined,
  human: (value: T) => string,
): number {
  if (webUiUrl === undefined) return print(session, out, value, human);
  return print(session, out, { ...value, webUiUrl }, () => `${human(value)}web ui: ${webUiUrl}\n`);
}

/** Rows a list shows when no --limit is given. */
export const DEFAULT_LIST_LIMIT = 100;

/**
 * Prints a list read with one row more than `limit` (`rows`): that row only says the list goes
 * on, so the list stops at `limit` with a notice saying so and how to see more (stdout after the
 * table; stderr with --json, so stdout stays the array).
 */
export function printList<T>(
  session: Session,
  out: OutputOptions,
  rows: T[],
  { limit, noun, narrow }: { limit: number; noun: string; narrow: string },
  human: (rows: T[]) => string,
): number {
  const shown = rows.slice(0, limit);
  print(session, out, shown, human);
  if (rows.length > limit) {
    const notice = `showing the first ${limit} ${noun}; more match: narrow with ${narrow}, or raise --limit (e.g. --limit ${limit * 2})\n`;
    (out.json ? session.io.stderr : session.io.stdout).write(notice);
  }
  return EXIT_OK;
}
