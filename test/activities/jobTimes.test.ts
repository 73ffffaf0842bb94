import { describe, expect, it } from 'vitest';
import { JobTimes } from '../../src/activities/jobTimes';
import { JobState } from '../../src/contract/jobStates';

// Unix seconds of a job's life: created at 1000, started at `start`, its eta, last state change.
const running = (start: number, eta: number) => ({
  jobstateid: JobState.Running,
  jobcreated: 1_000,
  jobstart: start,
  jobeta: eta,
  jobupdated: start,
});
const completed = (start: number, end: number) => ({
  jobstateid: JobState.Completed,
  jobcreated: 1_000,
  jobstart: start,
  jobeta: end,
  jobupdated: end,
});

describe('JobTimes', () => {
  it('knows nothing before a job ran: the kind cadence decides', () => {
    const times = new JobTimes();
    expect(times.firstLookMs('diff')).toBeUndefined();
    expect(times.correctedEta('diff', { jobstart: 1_030, jobeta: 1_330 })).toBe(1_330);
    const created = { jobstateid: JobState.Created, jobcreated: 1_000, jobupdated: 1_000 };
    expect(times.notRunningLookMs('diff', created, 1_030_000)).toBeUndefined();
  });

  it('plans the first look from the queue wait and the run, both learned', () => {
    const times = new JobTimes();
    times.observe('diff', 1, running(1_030, 1_330));
    // The wait (30 s) and, with none seen to end yet, the run the eta announced (300 s).
    expect(times.firstLookMs('diff')).toBe(330_000);
    times.observe('diff', 1, completed(1_030, 1_300));
    // A run seen to end replaces the announced one.
    expect(times.firstLookMs('diff')).toBe(300_000);
    // The wait is shared by every kind (one queue), the run is not.
    expect(times.firstLookMs('version')).toBe(30_000);
  });

  it('corrects the etas of a kind whose etas ran early, by how far they were off', () => {
    const times = new JobTimes();
    // Announced 100 s, ran 200 s: this kind takes twice what its etas say.
    times.observe('version', 1, running(1_000, 1_100));
    times.observe('version', 1, completed(1_000, 1_200));
    expect(times.correctedEta('version', { jobstart: 2_000, jobeta: 2_050 })).toBe(2_100);
    // Another kind's etas are left as they are.
    expect(times.correctedEta('diff', { jobstart: 2_000, jobeta: 2_050 })).toBe(2_050);
  });

  it('looks at a queued job once it has most likely started and run its shortest run', () => {
    const times = new JobTimes();
    times.observe('diff', 1, running(1_010, 1_110));
    times.observe('diff', 2, running(1_050, 1_150));
    const queued = { jobstateid: JobState.Queued, jobcreated: 2_000, jobupdated: 2_010 };
    // The high wait (50 s) after its creation, plus the short run (100 s), from now (2,020 s).
    expect(times.notRunningLookMs('diff', queued, 2_020_000)).toBe(130_000);
  });

  it('with no wait learned, reads the job’s own pace through its states', () => {
    const times = new JobTimes();
    // Created → Pending → Queued in 20 s: Running about 10 s after Queued.
    const queued = { jobstateid: JobState.Queued, jobcreated: 2_000, jobupdated: 2_020 };
    expect(times.notRunningLookMs('diff', queued, 2_022_000)).toBe(8_000);
  });

  it('counts each job once, however often it is seen', () => {
    const times = new JobTimes();
    times.observe('diff', 1, running(1_010, 1_110));
    times.observe('diff', 1, running(1_010, 1_110));
    times.observe('diff', 2, running(1_090, 1_190));
    // Waits 10 s and 90 s (not 10, 10, 90): the low quantile of two is the first.
    expect(times.firstLookMs('diff')).toBe(110_000);
  });
});
