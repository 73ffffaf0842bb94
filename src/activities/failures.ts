import { ApplicationFailure } from '@temporalio/activity';
import { isClanforgeError, type ClanforgeError } from '../clanforge/errors';

/** Failure type of a create whose response was lost after the request went out. */
export const OUTCOME_UNKNOWN = 'ClanforgeOutcomeUnknown';

/** What travels with every Clanforge failure into history: ids and the API's text, no secrets. */
export interface ClanforgeFailureDetails {
  endpoint: string;
  ids: Record<string, number | string>;
  apiMessage?: string;
  httpStatus?: number;
}

function detailsOf(error: ClanforgeError): ClanforgeFailureDetails {
  return { endpoint: error.endpoint, ids: error.ids, apiMessage: error.apiMessage, httpStatus: error.httpStatus };
}

/**
 * Maps a ClanforgeError to the ApplicationFailure Temporal sees: permanent errors are
 * non-retryable with their stable type; transient ones are retryable, and a 429's Retry-After
 * becomes the next retry delay.
 */
export function toActivityFailure(error: unknown): unknown {
  if (!isClanforgeError(error)) return error;
  return ApplicationFailure.create({
    message: error.message,
    type: error.type,
    nonRetryable: !error.transient,
    details: [detailsOf(error)],
    nextRetryDelay: error.retryAfterMs,
  });
}

/**
 * For calls that create or change something: a transient error after which the request may
 * still have taken effect must not be retried blindly, so it becomes a non-retryable
 * ClanforgeOutcomeUnknown and the workflow decides (it can find out what happened).
 */
export function toCreateFailure(error: unknown): unknown {
  if (isClanforgeError(error) && error.transient && error.mayHaveTakenEffect) {
    return ApplicationFailure.create({
      message: `${error.message} (the request may have taken effect)`,
      type: OUTCOME_UNKNOWN,
      nonRetryable: true,
      details: [detailsOf(error)],
    });
  }
  return toActivityFailure(error);
}

/** Runs a read-only call, translating errors for Temporal. */
export async function readCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toActivityFailure(error);
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
