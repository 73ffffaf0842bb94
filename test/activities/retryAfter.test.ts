import { describe, expect, it } from 'vitest';
import { ActivityFailure, defaultFailureConverter, defaultPayloadConverter, RetryState } from '@temporalio/common';
import { ClanforgeError } from '../../src/clanforge/errors';
import { toActivityFailure, toCreateFailure } from '../../src/activities/failures';
import { classifyActivityFailure } from '../../src/workflows/shared/failures';
import { REJECTED_KEYS_ATTEMPTS, TRANSIENT_RETRY, transientRetryDelayMs } from '../../src/contract/transientRetry';

const rateLimited = (retryAfterMs: number) =>
  new ClanforgeError(
    {
      type: 'ClanforgeRateLimited',
      endpoint: 'imagediff/create',
      ids: { imageid: 100 },
      httpStatus: 429,
      retryAfterMs,
      mayHaveTakenEffect: false,
    },
    'rate limited',
  );

/** What the workflow sees of an activity's failure: encoded into history, decoded in the workflow. */
function asTheWorkflowSeesIt(failure: unknown): ActivityFailure {
  const encoded = defaultFailureConverter.errorToFailure(failure, defaultPayloadConverter);
  const cause = defaultFailureConverter.failureToError(encoded, defaultPayloadConverter);
  return new ActivityFailure('activity failed', 'createImageDiff', '1', RetryState.NON_RETRYABLE_FAILURE, 'w', cause);
}

describe('Retry-After reaches the workflow and is a floor under the transient schedule', () => {
  it("a create's 429 carries its Retry-After into the workflow (the SDK does not decode nextRetryDelay there)", () => {
    const seen = classifyActivityFailure(asTheWorkflowSeesIt(toCreateFailure(rateLimited(7_000))));
    expect(seen).toMatchObject({ kind: 'retry', retryAfterMs: 7_000 });
  });

  it('rejected keys (401) are told apart from an outage: the create asks a person sooner', () => {
    const rejected = new ClanforgeError(
      {
        type: 'ClanforgeAuthError',
        endpoint: 'imageversion/create',
        ids: { diffid: 1 },
        httpStatus: 401,
        mayHaveTakenEffect: false,
      },
      'credentials rejected',
    );
    expect(classifyActivityFailure(asTheWorkflowSeesIt(toCreateFailure(rejected)))).toMatchObject({
      kind: 'retry',
      credentialsRejected: true,
    });
    expect(classifyActivityFailure(asTheWorkflowSeesIt(toCreateFailure(rateLimited(1_000))))).toMatchObject({
      kind: 'retry',
      credentialsRejected: false,
    });
    expect(REJECTED_KEYS_ATTEMPTS).toBeLessThan(TRANSIENT_RETRY.maximumAttempts);
  });

  it('the schedule: 1 s doubling to 1 min, ten attempts (about 4 min); a longer Retry-After wins, a shorter one does not', () => {
    const waits = Array.from({ length: TRANSIENT_RETRY.maximumAttempts - 1 }, (_, i) => transientRetryDelayMs(i + 1));
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(waits.reduce((a, b) => a + b, 0)).toBe(243_000);
    expect(transientRetryDelayMs(2, 30_000)).toBe(30_000);
    expect(transientRetryDelayMs(5, 1_000)).toBe(16_000);
  });

  it("a read's Retry-After is the floor under Temporal's own schedule for that attempt", () => {
    const early = toActivityFailure(rateLimited(1_000), { attempt: 1 }) as { nextRetryDelay?: number };
    const later = toActivityFailure(rateLimited(1_000), { attempt: 6 }) as { nextRetryDelay?: number };
    const long = toActivityFailure(rateLimited(90_000), { attempt: 6 }) as { nextRetryDelay?: number };
    expect([early.nextRetryDelay, later.nextRetryDelay, long.nextRetryDelay]).toEqual([1_000, 32_000, 90_000]);
  });
});
