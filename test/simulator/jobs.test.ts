import { describe, expect, it } from 'vitest';
import { forceTerminal, jobFields, jobState, queueNow, type Job } from '../../src/simulator/jobs';

const T0 = 1_700_000_000_000;

function job(outcome: 5 | 6 = 5): Job {
  return {
    kind: 'update',
    id: 7,
    asid: 1,
    imageid: 2,
    machineid: 3,
    desc: 'd',
    url: 'https://example.com/b.zip',
    createdAt: T0,
    attempts: 1,
    priorFailures: 0,
    timeline: {
      startedAt: T0,
      pendingAt: T0 + 10_000,
      queuedAt: T0 + 20_000,
      runningAt: T0 + 30_000,
      endAt: outcome === 5 ? T0 + 130_000 : T0 + 80_000,
      duration: 100_000,
      outcome,
      error: outcome === 6 ? 'update failed: disk full' : null,
    },
  };
}

describe('job state machine (lazy, clock-driven)', () => {
  it('walks Created → Pending → Queued → Running → Completed', () => {
    const j = job();
    expect([T0, T0 + 10_000, T0 + 20_000, T0 + 30_000, T0 + 130_000].map((t) => jobState(j, t))).toEqual([
      1, 2, 3, 4, 5,
    ]);
    const created = jobFields(j, T0 + 5_000);
    expect(created).toEqual({
      jobcreated: T0 / 1000,
      jobupdated: T0 / 1000,
      jobstateid: 1,
      jobstatename: 'Created',
      jobprogress: 0,
      jobfailed: 0,
      success: true,
    });
    expect(jobFields(j, T0 + 25_000)).toMatchObject({
      jobstatename: 'Queued',
      jobprogress: 0,
      jobupdated: (T0 + 20_000) / 1000,
    });
    expect(jobFields(j, T0 + 25_000)).not.toHaveProperty('jobstart');
  });

  it('reports progress, a string jobstart and jobeta while Running', () => {
    const running = jobFields(job(), T0 + 80_000);
    expect(running.jobstatename).toBe('Running');
    expect(running.jobprogress).toBe(50);
    expect(running.jobstart).toBe(String((T0 + 30_000) / 1000));
    expect(typeof running.jobstart).toBe('string');
    expect(running.jobeta).toBe((T0 + 130_000) / 1000);
    expect(running).not.toHaveProperty('joberror');
  });

  it('is 100 at Completed and never 100 before', () => {
    expect(jobFields(job(), T0 + 129_999).jobprogress).toBe(99);
    const done = jobFields(job(), T0 + 200_000);
    expect(done).toMatchObject({
      jobstateid: 5,
      jobstatename: 'Completed',
      jobprogress: 100,
      jobfailed: 0,
      success: true,
    });
  });

  it('Failed carries joberror, jobfailed 1, success false and the progress it reached', () => {
    const failed = jobFields(job(6), T0 + 90_000);
    expect(failed).toMatchObject({
      jobstateid: 6,
      jobstatename: 'Failed',
      joberror: 'update failed: disk full',
      jobfailed: 1,
      success: false,
      jobprogress: 50,
    });
    expect(jobFields(job(6), T0 + 90_000, { failedJobSuccess: true }).success).toBe(true);
    const retried = { ...job(6), priorFailures: 2 };
    expect(jobFields(retried, T0 + 90_000).jobfailed).toBe(3);
    expect(jobFields(retried, T0 + 40_000).jobfailed).toBe(2);
  });

  it('forceTerminal ends a waiting job now without a start time when failed', () => {
    const j = job();
    forceTerminal(j, T0 + 15_000, 6, 'boom');
    expect(jobFields(j, T0 + 15_000)).toMatchObject({ jobstateid: 6, joberror: 'boom', jobprogress: 0 });
    expect(jobFields(j, T0 + 15_000)).not.toHaveProperty('jobstart');
    const k = job();
    forceTerminal(k, T0 + 40_000, 5, null);
    expect(jobFields(k, T0 + 40_000)).toMatchObject({
      jobstateid: 5,
      jobprogress: 100,
      jobstart: String((T0 + 30_000) / 1000),
    });
  });

  it('queueNow moves a Created/Pending job to Queued and keeps the run length', () => {
    const j = job();
    queueNow(j, T0 + 12_000);
    expect(jobState(j, T0 + 12_000)).toBe(3);
    expect(j.timeline.runningAt).toBe(T0 + 22_000);
    expect(j.timeline.endAt - j.timeline.runningAt).toBe(100_000);
  });
});
