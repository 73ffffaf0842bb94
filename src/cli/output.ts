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
