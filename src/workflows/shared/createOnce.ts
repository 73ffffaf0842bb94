import { CancellationScope, isCancellation, log, sleep } from '@temporalio/workflow';
import { classifyActivityFailure } from './failures';
import { heldWhileFrozen, type FreezeHold } from './freezeHold';
import type { HeldCreate } from '../../contract/freeze/state';
import { REJECTED_KEYS_ATTEMPTS, TRANSIENT_RETRY, transientRetryDelayMs } from '../../contract/transientRetry';

export interface CreateOnceOptions<T> {
  /** For logs: "image diff create". */
  what: string;
  /** The write, one activity call. */
  call: () => Promise<T>;
  /**
   * After an attempt that may have taken effect, a later attempt that the API refuses with a
   * message naming the earlier job ("image locked by diffid: 42") hands that message here; return
   * the earlier job to adopt it, or undefined.
   */
  adopt?: (apiMessage: string) => Promise<T | undefined>;
  /** After an attempt that may have taken effect: look, and return its result if it did. */
  reconcile?: () => Promise<T | undefined>;
  /** A create a freeze holds: who is held (its status) and what kind of create it is. */
  freeze?: { hold: FreezeHold; create: HeldCreate };
}

/**
 * Runs a Clanforge write so that one intended attempt creates at most one job:
 * - refused by the API: thrown at once (the caller asks an operator);
 * - certainly without effect (429, 503, refused connection): sent again after a wait, on the
 *   schedule reads retry on (contract/transientRetry.ts: 10 attempts over about 4 min, never
 *   sooner than the server's Retry-After; rejected keys ask a person after six);
 * - maybe with effect (response lost, worker lost mid-call): first find out — `reconcile` looks,
 *   or the next attempt's refusal names the job it made (`adopt`) — never a blind second create.
 * Each call runs shielded from cancellation, so a create in flight when a cancel arrives finishes
 * and is recorded (and can be undone); no new attempt starts once cancelled. A create a freeze
 * holds waits for it to be lifted and is then sent (freezeHold.ts); that is not an attempt.
 */
export async function createOnce<T>(options: CreateOnceOptions<T>): Promise<T> {
  let mayHaveHappened = false;
  for (let attempt = 1; ; attempt++) {
    if (CancellationScope.current().consideredCancelled) await CancellationScope.current().cancelRequested;
    try {
      // Held by a freeze (if any) in the caller's scope, so a cancel ends the wait; the call itself is shielded.
      const call = () => CancellationScope.nonCancellable(options.call);
      return await (options.freeze ? heldWhileFrozen(options.freeze.hold, options.freeze.create, call) : call());
    } catch (error) {
      if (isCancellation(error)) throw error;
      const failure = classifyActivityFailure(error);
      if (failure.kind === 'permanent') {
        const adopted =
          mayHaveHappened && failure.apiMessage && options.adopt ? await options.adopt(failure.apiMessage) : undefined;
        if (adopted !== undefined) {
          log.info(`${options.what}: adopted the job an earlier attempt made`, { apiMessage: failure.apiMessage });
          return adopted;
        }
        throw error;
      }
      if (failure.kind === 'unknown') {
        mayHaveHappened = true;
        const found = options.reconcile ? await CancellationScope.nonCancellable(options.reconcile) : undefined;
        if (found !== undefined) return found;
      }
      const budget = failure.credentialsRejected ? REJECTED_KEYS_ATTEMPTS : TRANSIENT_RETRY.maximumAttempts;
      if (attempt >= budget) throw error;
      const delay = transientRetryDelayMs(attempt, failure.retryAfterMs);
      log.warn(`${options.what} failed; trying again`, {
        attempt,
        kind: failure.kind,
        error: failure.message,
        delayMs: delay,
      });
      await sleep(delay);
    }
  }
}
