import type { RetryPolicy } from '@temporalio/common';

/**
 * How long a call to Clanforge is tried through transient errors (5xx, 429, a lost connection)
 * before a person is asked: 10 attempts, 1 s doubling to 1 min between them, about 4 min in all.
 * One schedule for reads (their Temporal retry policy) and creates (the workflow's createOnce), so
 * a Clanforge blip that reads ride out does not stop a create.
 */
export const TRANSIENT_RETRY = {
  initialInterval: 1_000,
  backoffCoefficient: 2,
  maximumInterval: 60_000,
  maximumAttempts: 10,
} as const satisfies RetryPolicy;

/**
 * Rejected keys (a 401) are not an outage: they end when a person rotates them. A create meeting
 * them is sent again on the same schedule (keys rotated within half a minute resume it by
 * itself), but asks an operator after this many attempts (31 s), its status naming the 401.
 */
export const REJECTED_KEYS_ATTEMPTS = 6;

/**
 * The wait after failed `attempt` (1-based): the schedule's, or the server's Retry-After when that
 * is longer. A floor, not a replacement: a `Retry-After: 1` on every answer of an outage would
 * otherwise spend the ten attempts in ten seconds.
 */
export function transientRetryDelayMs(attempt: number, retryAfterMs?: number): number {
  const { initialInterval, backoffCoefficient, maximumInterval } = TRANSIENT_RETRY;
  const scheduled = Math.min(maximumInterval, initialInterval * backoffCoefficient ** (attempt - 1));
  return Math.max(retryAfterMs ?? 0, scheduled);
}
