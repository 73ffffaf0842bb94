import { describe, expect, it } from 'vitest';
import { JobState } from '../../src/contract/jobStates';
import {
  errorBackoff,
  expectedFinishMs,
  isOverdue,
  nextPollDelay,
  resolvePolicy,
} from '../../src/activities/pollSchedule';

const policy = resolvePolicy({
  minDelayMs: 2_000,
  maxDelayMs: 300_000,
  noEtaDelayMs: 15_000,
  overdueDelayMs: 3_000,
  etaMarginMs: 1_000,
});
const now = 1_700_000_000_000;

describe('nextPollDelay', () => {
  it('polls on the no-eta cadence before the job runs', () => {
    expect(nextPollDelay(policy, { jobstateid: JobState.Queued, jobprogress: 0 }, now, 0)).toBe(15_000);
  });

  it("sleeps until the end of the eta's second plus margin when it is near", () => {
    const job = { jobstateid: JobState.Running, jobprogress: 40, jobeta: now / 1000 + 60 };
    expect(nextPollDelay(policy, job, now, 0)).toBe(62_000);
  });

  it('caps the sleep at the ceiling when the eta is far', () => {
    const job = { jobstateid: JobState.Running, jobprogress: 1, jobeta: now / 1000 + 3_600 };
    expect(nextPollDelay(policy, job, now, 0)).toBe(300_000);
  });

  it('never polls faster than the floor', () => {
    const job = { jobstateid: JobState.Running, jobprogress: 99, jobeta: now / 1000 - 1 };
    expect(nextPollDelay(policy, job, now - 500, 0)).toBe(2_000);
  });

  it('widens the overdue cadence x1.5 per overdue poll', () => {
    const job = { jobstateid: JobState.Running, jobprogress: 99, jobeta: now / 1000 - 10 };
    expect([0, 1, 2].map((n) => nextPollDelay(policy, job, now, n))).toEqual([3_000, 4_500, 6_750]);
    expect(isOverdue(policy, job, now)).toBe(true);
  });

  it('extrapolates the finish from progress when a running job has no eta', () => {
    const job = { jobstateid: JobState.Running, jobprogress: 25, jobstart: now / 1000 - 100 };
    expect(expectedFinishMs(job, now)).toBe(now + 300_000);
  });

  it('believes progress over an eta that is later than progress implies', () => {
    const job = {
      jobstateid: JobState.Running,
      jobprogress: 50,
      jobstart: now / 1000 - 100,
      jobeta: now / 1000 + 1_000,
    };
    expect(expectedFinishMs(job, now)).toBe(now + 100_000);
  });

  it('looks again halfway when a young extrapolation says the job beats its eta, and trusts it from half the work on', () => {
    // 10 % done in 30 s: the extrapolation says 270 s more, the eta 600 s.
    const young = {
      jobstateid: JobState.Running,
      jobprogress: 10,
      jobstart: now / 1000 - 30,
      jobeta: now / 1000 + 600,
    };
    expect(nextPollDelay(policy, young, now, 0)).toBe(Math.round((270_000 + 1_000) / 2));
    // 60 % done in 150 s: 100 s more, believed.
    const grown = {
      jobstateid: JobState.Running,
      jobprogress: 60,
      jobstart: now / 1000 - 150,
      jobeta: now / 1000 + 600,
    };
    expect(nextPollDelay(policy, grown, now, 0)).toBe(101_000);
    // An eta that agrees with progress costs no extra look.
    const agreeing = {
      jobstateid: JobState.Running,
      jobprogress: 10,
      jobstart: now / 1000 - 30,
      jobeta: now / 1000 + 270,
    };
    expect(nextPollDelay(policy, agreeing, now, 0)).toBe(271_000);
  });

  it('keeps following progress once the eta has passed', () => {
    const job = { jobstateid: JobState.Running, jobprogress: 50, jobstart: now / 1000 - 100, jobeta: now / 1000 - 10 };
    expect(expectedFinishMs(job, now)).toBe(now + 100_000);
    expect(isOverdue(policy, job, now)).toBe(false);
  });

  it('caps the overdue cadence', () => {
    const job = { jobstateid: JobState.Running, jobprogress: 0, jobeta: now / 1000 - 10 };
    expect(nextPollDelay(policy, job, now, 20)).toBe(30_000);
  });
});

describe('errorBackoff', () => {
  it('doubles from one second and honours Retry-After', () => {
    expect([1, 2, 3].map((n) => errorBackoff(policy, n))).toEqual([1_000, 2_000, 4_000]);
    expect(errorBackoff(policy, 1, 7_000)).toBe(7_000);
  });
});

describe('resolvePolicy', () => {
  it('names the bad field', () => {
    expect(() => resolvePolicy({ maxDelayMs: -1 })).toThrow(/maxDelayMs/);
    expect(() => resolvePolicy({ minDelayMs: 10, maxDelayMs: 5 })).toThrow(/minDelayMs/);
  });
});
