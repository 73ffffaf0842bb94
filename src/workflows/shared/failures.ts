import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';
import { CREDENTIALS_REFUSED, OUTCOME_UNKNOWN } from '../../contract/failureTypes';

export interface ClassifiedFailure {
  /**
   * permanent: the API said no (or the credentials are wrong): trying again changes nothing.
   * retry: it certainly had no effect (429, 503, connection refused): safe to send again.
   * unknown: it may have taken effect (lost response, worker lost mid-call).
   */
  kind: 'permanent' | 'retry' | 'unknown';
  /** A retry whose cause is this worker's rejected keys (HTTP 401), not an outage. */
  credentialsRejected?: boolean;
  type?: string;
  apiMessage?: string;
  message: string;
  retryAfterMs?: number;
}

/** Reads an activity's failure as the workflow needs it; anything else is rethrown. */
export function classifyActivityFailure(error: unknown): ClassifiedFailure {
  if (!(error instanceof ActivityFailure)) throw error;
  const cause = error.cause;
  if (cause instanceof ApplicationFailure) {
    const details = cause.details?.[0] as { apiMessage?: string; retryAfterMs?: number } | undefined;
    const base = { type: cause.type ?? undefined, apiMessage: details?.apiMessage, message: cause.message };
    if (cause.type === OUTCOME_UNKNOWN) return { kind: 'unknown', ...base };
    if (cause.nonRetryable) return { kind: 'permanent', ...base };
    // From the details: the SDK does not decode an ApplicationFailure's nextRetryDelay in workflow code.
    return {
      kind: 'retry',
      ...base,
      retryAfterMs: details?.retryAfterMs,
      credentialsRejected: cause.type === CREDENTIALS_REFUSED,
    };
  }
  if (cause instanceof TimeoutFailure) {
    return {
      kind: 'unknown',
      type: 'ActivityTimeout',
      message: `activity ${error.activityType} timed out (worker lost?)`,
    };
  }
  return { kind: 'unknown', message: cause?.message ?? error.message };
}

/** A one-line description of any failure, for status and current details. */
export function describeFailure(error: unknown): string {
  if (error instanceof ActivityFailure) return error.cause?.message ?? error.message;
  return error instanceof Error ? error.message : String(error);
}
