import { ApplicationFailure, Context } from '@temporalio/activity';
import { isClanforgeError, type ClanforgeError } from '../clanforge/errors';
import { OUTCOME_UNKNOWN } from '../contract/failureTypes';
import { transientRetryDelayMs } from '../contract/transientRetry';

/** What travels with every Clanforge failure into history: ids and the API's text, no secrets. */
export interface ClanforgeFailureDetails {
  endpoint: string;
  ids: Record<string, number | string>;
  apiMessage?: string;
  httpStatus?: number;
  /** The server's Retry-After (429, 503): the workflow reads it here, since the SDK does not decode `nextRetryDelay` there. */
  retryAfterMs?: number;
  /** The worker identity that got the error. */
  worker?: string;
}

function detailsOf(error: ClanforgeError): ClanforgeFailureDetails {
  return {
    endpoint: error.endpoint,
    ids: error.ids,
    apiMessage: error.apiMessage,
    httpStatus: error.httpStatus,
    retryAfterMs: error.retryAfterMs,
    worker: error.worker,
  };
}

/**
 * Maps a ClanforgeError to the ApplicationFailure Temporal sees: permanent errors are
 * non-retryable with their stable type; transient ones are retryable, and a 429's Retry-After
 * becomes the next retry delay. A 401 is this worker's problem, not the task's: the worker stops
 * taking activity tasks (service/credentialWatch.ts) and the task is left to another worker, so it
 * is retryable (a 401 changed nothing, so even a create may be sent again).
 */
export function toActivityFailure(
  error: unknown,
  options: { retryBadResponse?: boolean; attempt?: number } = {},
): unknown {
  if (!isClanforgeError(error)) return error;
  const retryable =
    error.transient ||
    error.credentialsRejected ||
    (options.retryBadResponse === true && error.type === 'ClanforgeBadResponse');
  return ApplicationFailure.create({
    message: error.credentialsRejected
      ? `${error.message}; left to a worker whose credentials are accepted`
      : error.message,
    type: error.type,
    nonRetryable: !retryable,
    details: [detailsOf(error)],
    // Temporal waits exactly this long: with the attempt known, the Retry-After is a floor under the schedule.
    nextRetryDelay:
      options.attempt !== undefined && error.retryAfterMs !== undefined
        ? transientRetryDelayMs(options.attempt, error.retryAfterMs)
        : error.retryAfterMs,
  });
}

/**
 * For calls that create or change something: a transient error after which the request may
 * still have taken effect must not be retried blindly, so it becomes a non-retryable
 * ClanforgeOutcomeUnknown and the workflow decides (it can find out what happened).
 */
export function toCreateFailure(error: unknown): unknown {
  // An unreadable body came with a success status: the write happened, we just cannot see its id.
  const ambiguous =
    isClanforgeError(error) && ((error.transient && error.mayHaveTakenEffect) || error.type === 'ClanforgeBadResponse');
  if (isClanforgeError(error) && ambiguous) {
    return ApplicationFailure.create({
      message: `${error.message} (the request may have taken effect)`,
      type: OUTCOME_UNKNOWN,
      nonRetryable: true,
      details: [detailsOf(error)],
    });
  }
  return toActivityFailure(error);
}

/** Runs a read-only call, translating errors for Temporal; a garbled body is worth reading again. */
export async function readCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toActivityFailure(error, { retryBadResponse: true, attempt: Context.current().info.attempt });
  }
}

/** Runs a call that creates or changes state, translating errors for Temporal (see toCreateFailure). */
export async function writeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toCreateFailure(error);
  }
}
