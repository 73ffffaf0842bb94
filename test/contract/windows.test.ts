import { describe, expect, it } from 'vitest';
import { windowsSchema, type DeploymentWindow } from '../../src/contract/windows/input';
import { insideWindow, nextOpening } from '../../src/contract/windows/nextOpening';
import { problemsOf } from '../../src/contract/inputProblems';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function opening(windows: DeploymentWindow[], from: string) {
  const o = nextOpening(windows, at(from));
  return { opensAt: iso(o?.opensAt), closesAt: iso(o?.closesAt) };
}

const london = (days: string, start: string, end: string): DeploymentWindow => ({
  days,
  start,
  end,
  timeZone: 'Europe/London',
});

describe('deployment windows: the next opening, with fixed clocks', () => {
  it('inside a window: the opening that holds the instant', () => {
    // Tuesday 2026-12-01 03:00 GMT (London is on UTC in winter).
    expect(opening([london('Mon-Thu', '02:00', '05:00')], '2026-12-01T03:00:00Z')).toEqual({
      opensAt: '2026-12-01T02:00:00.000Z',
      closesAt: '2026-12-01T05:00:00.000Z',
    });
  });

  it('after the last day of the week: the first day of the next', () => {
    // Friday 2026-12-04 12:00 → Monday 2026-12-07 02:00.
    expect(opening([london('Mon-Thu', '02:00', '05:00')], '2026-12-04T12:00:00Z').opensAt).toBe(
      '2026-12-07T02:00:00.000Z',
    );
  });

  it('a window across midnight is open after midnight, and the day after its last day', () => {
    const night: DeploymentWindow = { days: 'Fri-Sat', start: '22:00', end: '04:00', timeZone: 'UTC' };
    // Saturday 02:00 is in Friday's window; Sunday 02:00 in Saturday's.
    expect(opening([night], '2026-12-05T02:00:00Z')).toEqual({
      opensAt: '2026-12-04T22:00:00.000Z',
      closesAt: '2026-12-05T04:00:00.000Z',
    });
    expect(opening([night], '2026-12-06T02:00:00Z').opensAt).toBe('2026-12-05T22:00:00.000Z');
    // Sunday 05:00: closed until Friday 22:00.
    expect(opening([night], '2026-12-06T05:00:00Z').opensAt).toBe('2026-12-11T22:00:00.000Z');
    expect(insideWindow([night], at('2026-12-05T21:59:00Z'))).toBe(false);
    expect(insideWindow([night], at('2026-12-05T22:00:00Z'))).toBe(true);
  });

  it('the local time holds across a daylight-saving change (London, spring forward 2026-03-29)', () => {
    const sunday = london('Sun', '02:00', '05:00');
    // A week before the change 02:00 GMT is 02:00Z; on the day 02:00 BST is 01:00Z.
    expect(opening([sunday], '2026-03-21T12:00:00Z').opensAt).toBe('2026-03-22T02:00:00.000Z');
    expect(opening([sunday], '2026-03-28T12:00:00Z')).toEqual({
      opensAt: '2026-03-29T01:00:00.000Z',
      closesAt: '2026-03-29T04:00:00.000Z',
    });
  });

  it('an opening inside the skipped hour moves on by the gap (01:30 GMT does not exist on 2026-03-29)', () => {
    expect(opening([london('Sun', '01:30', '03:00')], '2026-03-28T12:00:00Z')).toEqual({
      // 01:30 read with GMT's offset: 01:30Z, which is 02:30 BST.
      opensAt: '2026-03-29T01:30:00.000Z',
      closesAt: '2026-03-29T02:00:00.000Z',
    });
  });

  it('a time the clocks pass twice opens at its first (London, fall back 2026-10-25)', () => {
    // 01:30 happens at 00:30Z (BST) and 01:30Z (GMT).
    expect(opening([london('Sun', '01:30', '04:00')], '2026-10-24T12:00:00Z')).toEqual({
      opensAt: '2026-10-25T00:30:00.000Z',
      closesAt: '2026-10-25T04:00:00.000Z',
    });
  });

  it('New York: a night window across the spring change (2026-03-08, 02:00 EST → 03:00 EDT)', () => {
    const ny: DeploymentWindow = { days: 'Sat', start: '23:00', end: '06:00', timeZone: 'America/New_York' };
    // Opens Saturday 23:00 EST (04:00Z), closes Sunday 06:00 EDT (10:00Z): a night one hour short.
    expect(opening([ny], '2026-03-07T12:00:00Z')).toEqual({
      opensAt: '2026-03-08T04:00:00.000Z',
      closesAt: '2026-03-08T10:00:00.000Z',
    });
  });

  it('several windows: the earliest opening; ISO day numbers', () => {
    const windows: DeploymentWindow[] = [
      { days: [6, 7], start: '10:00', end: '12:00', timeZone: 'UTC' },
      { days: 'Wed', start: '09:00', end: '09:30', timeZone: 'Asia/Tokyo' },
    ];
    // Tuesday 2026-12-01 23:00Z is Wednesday 08:00 in Tokyo: opens 09:00 JST = 00:00Z.
    expect(opening(windows, '2026-12-01T23:00:00Z').opensAt).toBe('2026-12-02T00:00:00.000Z');
    // Friday noon: Saturday 10:00Z.
    expect(opening(windows, '2026-12-04T12:00:00Z').opensAt).toBe('2026-12-05T10:00:00.000Z');
  });

  it('all day: 00:00 to 24:00', () => {
    const allDay: DeploymentWindow = { days: 'Mon', start: '00:00', end: '24:00', timeZone: 'UTC' };
    expect(opening([allDay], '2026-11-30T23:59:00Z')).toEqual({
      opensAt: '2026-11-30T00:00:00.000Z',
      closesAt: '2026-12-01T00:00:00.000Z',
    });
  });
});

describe('deployment windows: bad input names the field and the rule', () => {
  const problems = (value: unknown) => {
    const parsed = windowsSchema().safeParse(value);
    return parsed.success ? [] : problemsOf(parsed.error.issues);
  };

  it('an unknown time zone, start equal to end, days out of range, a day that is no day', () => {
    expect(
      problems([
        { days: 'Mon-Thu', start: '02:00', end: '05:00', timeZone: 'Mars/Olympus' },
        { days: 'Mon', start: '02:00', end: '02:00', timeZone: 'UTC' },
        { days: [0, 8], start: '02:00', end: '03:00', timeZone: 'UTC' },
        { days: 'Mon', start: '02:00', end: '03:00', timeZone: 'UTC', note: 'x' },
      ]),
    ).toEqual([
      '[0].timeZone: unknown time zone "Mars/Olympus": must be an IANA name such as "Europe/London" or "UTC"',
      '[1].end: equals start (02:00): a window needs a length (all day is 00:00 to 24:00)',
      '[2].days: day 0 is out of range: must be day names or ranges ("Mon-Thu", "Fri,Sat", "Sat-Sun") or a list of ISO day numbers 1 (Monday) to 7 (Sunday)',
      '[3].note: unknown field',
    ]);
  });

  it('windows that never open: an empty list, a window of no day', () => {
    expect(problems([])).toEqual(['is empty, so it would never open: leave windows out to ship at any time']);
    expect(problems([{ days: '', start: '02:00', end: '03:00', timeZone: 'UTC' }])).toEqual([
      '[0].days: names no day: the window would never open',
    ]);
  });

  it('bad times and day names, each named', () => {
    expect(problems([{ days: 'Mon-Fry', start: '25:00', end: '3:00', timeZone: 'UTC' }])).toEqual([
      '[0].days: "Mon-Fry" is not a day: must be day names or ranges ("Mon-Thu", "Fri,Sat", "Sat-Sun") or a list of ISO day numbers 1 (Monday) to 7 (Sunday)',
      '[0].start: must be a time of day HH:MM from 00:00 to 23:59 (end may be 24:00)',
      '[0].end: must be a time of day HH:MM from 00:00 to 23:59 (end may be 24:00)',
    ]);
  });
});
