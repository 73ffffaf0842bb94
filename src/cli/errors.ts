import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { RolloutActionRefused } from '../client';

export const PROGRAM = 'clanforge-rollout';

/** Exit codes: 0 success; 1 refused action, failed rollout or release, or conflicting start; 2 usage or validation error; 3 cannot reach Temporal. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_UNREACHABLE = 3;

/** An error whose message is already the one line the user should see. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT_USAGE);
    this.name = 'UsageError';
  }
}

/** What the failing command was doing, to word the message. */
export interface FailureContext {
  /** The operator action (`retry`, `cancel`, ...) when the command sent one. */
  action?: string;
  workflowId?: string;
  /** What the id names, for `no release with id X` (default rollout). */
  kind?: 'rollout' | 'release';
}

/** Collapses any text to one line (stderr gets exactly one). */
export function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

/** The error's message, with the gRPC details of a ServiceError (its message alone is generic). */
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const message = error.message || error.name;
  const details = (error.cause as { details?: unknown } | undefined)?.details;
  return error.name === 'ServiceError' && typeof details === 'string' && details && !message.includes(details)
    ? `${message}: ${details}`
    : message;
}

/** gRPC NOT_FOUND surfaced as a plain ServiceError (some client calls do not map it). */
function isNotFound(error: unknown): boolean {
  if (error instanceof WorkflowNotFoundError) return true;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return error instanceof Error && error.name === 'ServiceError' && cause?.code === 5;
}

/** The one-line reason for a failed command, and its exit code. */
export function describeFailure(error: unknown, context: FailureContext = {}): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: oneLine(error.message), exitCode: error.exitCode };
  if (error instanceof RolloutActionRefused) {
    return { message: oneLine(`${context.action ?? error.action} refused: ${error.why}`), exitCode: EXIT_FAILURE };
  }
  // A raw update failure (a client without the RolloutActionRefused wrapper): the cause is the validator's text.
  if (error instanceof WorkflowUpdateFailedError) {
    const why = error.cause ? messageOf(error.cause) : messageOf(error);
    return { message: oneLine(`${context.action ?? 'action'} refused: ${why}`), exitCode: EXIT_FAILURE };
  }
  if (isNotFound(error) && context.workflowId !== undefined) {
    const text = messageOf(error);
    const kind = context.kind ?? 'rollout';
    const message = /already completed/i.test(text)
      ? `${kind} ${context.workflowId} has already finished`
      : `no ${kind} with id ${context.workflowId}`;
    return { message, exitCode: EXIT_FAILURE };
  }
  return { message: oneLine(messageOf(error)), exitCode: EXIT_FAILURE };
}
