import { describe, expect, it } from 'vitest';
import { watchAlarm, type FollowWatch } from '../../src/activities/follower';
import {
  afterAnswer,
  freshClock,
  stuckFailure,
  warningsFor,
  type WarningKind,
  type WatchedState,
} from '../../src/activities/stuckWatch';

// The stuck-job watch judges a job by what the API moves and by the eta it gave when it last
// moved, not by jobprogress alone (the real API is reported to keep it at 0).
const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const thresholds = { overdueMs: 15 * MIN, noProgressMs: 30 * MIN, silentMs: 5 * MIN, stuckAfterMs: 240 * MIN };
const running = (eta: number, jobupdated = T0 / 1000): WatchedState => ({
  label: 'update 1001',
  running: true,
  eta,
  progressKey: `4:${jobupdated}:0`,
  progressText: '0 %',
});
/** The clock after answers at each of `times`, all showing `state` (one move: the first). */
function watched(state: (at: number) => WatchedState, times: number[]) {
  let clock = freshClock(T0);
  let previous: string | undefined;
  for (const at of times) {
    clock = afterAnswer(clock, previous, state(at), at);
    previous = state(at).progressKey;
  }
  return clock;
}
const polls = (from: number, to: number) =>
  Array.from({ length: (to - from) / (20 * MIN) + 1 }, (_, i) => from + i * 20 * MIN);

describe('the stuck watch', () => {
  it('a 6-hour job at 0 % within its eta: no warning, no escalation, past stuckAfter', () => {
    const eta = (T0 + 6 * 60 * MIN) / 1000;
    const now = T0 + 5 * 60 * MIN;
    const clock = watched(() => running(eta), polls(T0, now));
    expect(warningsFor(clock, running(eta), 'imageupdate/status', thresholds, now)).toEqual([]);
    expect(stuckFailure(clock, running(eta), 'imageupdate/status', thresholds, now)).toBeUndefined();
  });

  it('still after its eta: overdue, then no-progress, then JobStuck stuckAfter past the eta', () => {
    const eta = (T0 + 60 * MIN) / 1000;
    const at = (minutes: number) => T0 + minutes * MIN;
    const clock = watched(() => running(eta), polls(T0, at(300)));
    const kinds = (now: number) =>
      warningsFor(clock, running(eta), 'imageupdate/status', thresholds, now).map((w) => w.kind);
    expect(kinds(at(80))).toEqual(['overdue']);
    expect(kinds(at(100))).toEqual(['overdue', 'no-progress']);
    expect(stuckFailure(clock, running(eta), 'imageupdate/status', thresholds, at(290))).toBeUndefined();
    expect(stuckFailure(clock, running(eta), 'imageupdate/status', thresholds, at(302))?.message).toBe(
      'update 1001 made no progress since 12:00 UTC (302 min, 242 min past the eta it gave then) (still 0 %)',
    );
  });

  it('an eta that slips later while nothing else moves does not extend the promise', () => {
    const eta = (at: number) => (at + 30 * MIN) / 1000;
    const now = T0 + 300 * MIN;
    const clock = watched((at) => running(eta(at)), polls(T0, now));
    expect(stuckFailure(clock, running(eta(now)), 'imageupdate/status', thresholds, now)?.type).toBe('JobStuck');
  });

  it('jobupdated moving is a move, with a new promise', () => {
    const now = T0 + 300 * MIN;
    const clock = watched((at) => running((at + 10 * MIN) / 1000, at / 1000), polls(T0, now));
    expect(stuckFailure(clock, running((now + 10 * MIN) / 1000, now / 1000), 'x', thresholds, now)).toBeUndefined();
    expect(clock.lastProgressAt).toBe(now);
  });
});

describe('the watch at one look (watchAlarm)', () => {
  // One look that crosses the overdue, no-progress and stuckAfter thresholds at once (a look
  // delayed on a loaded worker): the warnings are told first, the escalation comes on a later look.
  const eta = T0 / 1000 + 3600;
  const state = running(eta);
  const late = T0 + 3600_000 + 300 * MIN;
  const watchWith = (known: WarningKind[]): FollowWatch<WatchedState> => ({
    thresholds,
    known,
    endpoint: 'imageupdate/status',
    describe: (s) => s,
  });
  const progress = () => ({
    polls: 1,
    errors: 0,
    overduePolls: 0,
    last: state,
    clock: watched(() => state, [T0, late]),
  });

  it('tells an untold warning before it escalates', () => {
    const told = watchAlarm(watchWith([]), progress(), late, 'test-untold');
    expect(told).toMatchObject({ kind: 'overdue', text: expect.stringMatching(/past its eta/) as string });
    const next = watchAlarm(watchWith(['overdue']), progress(), late, 'test-untold');
    expect(next).toMatchObject({ kind: 'no-progress' });
  });

  it('escalates once every warning due is told', () => {
    expect(() => watchAlarm(watchWith(['overdue', 'no-progress']), progress(), late, 'test-told')).toThrow(
      /made no progress since 12:00 UTC/,
    );
  });
});

describe('a job that never starts', () => {
  it('still Queued past noProgress: warned (not started) before stuckAfter escalates it', () => {
    const queued: WatchedState = {
      label: 'diff 1002',
      running: false,
      progressKey: `3:${T0 / 1000}:0`,
      progressText: 'Queued',
    };
    const clock = watched(() => queued, polls(T0, T0 + 40 * MIN));
    expect(warningsFor(clock, queued, 'imagediff/status', thresholds, T0 + 40 * MIN)).toEqual([
      { kind: 'no-progress', text: 'diff 1002: not started since 12:00 UTC (40 min), still Queued' },
    ]);
    expect(stuckFailure(clock, queued, 'imagediff/status', thresholds, T0 + 40 * MIN)).toBeUndefined();
  });
});
