import { z } from 'zod';
import { isKnownTimeZone } from './zonedTime';

/**
 * Input `windows` (rollout, release, cutover): weekly deployment windows. Versions are created
 * and cutovers started only inside one; outside, the rollout waits in `scheduled`.
 */

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const FULL_DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

const DAYS_RULE =
  'must be day names or ranges ("Mon-Thu", "Fri,Sat", "Sat-Sun") or a list of ISO day numbers 1 (Monday) to 7 (Sunday)';
const TIME_RULE = 'must be a time of day HH:MM from 00:00 to 23:59 (end may be 24:00)';

/** 0 Sunday … 6 Saturday, of one day name; undefined for an unknown one. */
function dayIndex(name: string): number | undefined {
  const lower = name.trim().toLowerCase();
  const i = DAY_NAMES.indexOf(lower.slice(0, 3) as (typeof DAY_NAMES)[number]);
  if (i < 0) return undefined;
  // "Mon", "Monday" and "mon" are Monday; "Monkey" is nothing.
  return lower.length === 3 || lower === FULL_DAY_NAMES[i] ? i : undefined;
}

/** The days a `days` value names (0 Sunday … 6 Saturday), or the problem with it. */
export function parseDays(days: string | number[]): { days: number[] } | { problem: string } {
  const found = new Set<number>();
  if (Array.isArray(days)) {
    if (days.length === 0) return { problem: 'names no day: the window would never open' };
    for (const n of days) {
      if (!Number.isInteger(n) || n < 1 || n > 7) return { problem: `day ${n} is out of range: ${DAYS_RULE}` };
      found.add(n % 7);
    }
    return { days: [...found].sort() };
  }
  const items = days.split(',').map((item) => item.trim());
  if (items.every((item) => item === '')) return { problem: 'names no day: the window would never open' };
  for (const item of items) {
    const [from, to, ...rest] = item.split('-');
    const a = dayIndex(from ?? '');
    const b = to === undefined ? a : dayIndex(to);
    if (rest.length > 0 || a === undefined || b === undefined)
      return { problem: `"${item}" is not a day: ${DAYS_RULE}` };
    // A range runs forward through the week: "Fri-Mon" is Friday to Monday.
    for (let d = a; ; d = (d + 1) % 7) {
      found.add(d);
      if (d === b) break;
    }
  }
  return { days: [...found].sort() };
}

/** Minutes after midnight of "HH:MM" (24:00 allowed, for an end), or undefined. */
export function minutesOf(time: string, allowEndOfDay = false): number | undefined {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(time);
  if (!m) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 24 * 60 || (minutes === 24 * 60 && !allowEndOfDay)) return undefined;
  return minutes;
}

const WINDOW_SCHEMA = z
  .strictObject(
    {
      days: z
        .union([z.string(), z.array(z.number())], { error: DAYS_RULE })
        .describe('the days the window opens: "Mon-Thu", "Fri,Sat", "Fri-Mon", or ISO day numbers [1, 2, 3]'),
      start: z.string({ error: TIME_RULE }).describe('local opening time HH:MM, in timeZone'),
      end: z
        .string({ error: TIME_RULE })
        .describe('local closing time HH:MM; at or before start, the window closes the next day (crosses midnight)'),
      timeZone: z
        .string({ error: 'must be an IANA time zone name such as "Europe/London" or "UTC"' })
        .describe('IANA time zone of start and end; its daylight-saving rules apply'),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys' ? undefined : 'must be an object {days, start, end, timeZone}',
    },
  )
  .superRefine((w, ctx) => {
    const days = parseDays(w.days);
    if ('problem' in days) ctx.addIssue({ code: 'custom', path: ['days'], message: days.problem });
    const start = minutesOf(w.start);
    const end = minutesOf(w.end, true);
    if (start === undefined) ctx.addIssue({ code: 'custom', path: ['start'], message: TIME_RULE });
    if (end === undefined) ctx.addIssue({ code: 'custom', path: ['end'], message: TIME_RULE });
    if (start !== undefined && end !== undefined && start === end)
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: `equals start (${w.start}): a window needs a length (all day is 00:00 to 24:00)`,
      });
    if (!isKnownTimeZone(w.timeZone))
      ctx.addIssue({
        code: 'custom',
        path: ['timeZone'],
        message: `unknown time zone "${w.timeZone}": must be an IANA name such as "Europe/London" or "UTC"`,
      });
  });

const WINDOWS_SCHEMA = z
  .array(WINDOW_SCHEMA, { error: 'must be a list of windows {days, start, end, timeZone}' })
  .min(1, { error: 'is empty, so it would never open: leave windows out to ship at any time' })
  .max(50, { error: 'must hold at most 50 windows' });
export const windowsSchema = () => WINDOWS_SCHEMA;

export type DeploymentWindow = z.output<typeof WINDOW_SCHEMA>;

/** "Mon-Thu 02:00–05:00 Europe/London": a window as people write it. */
export function windowText(w: DeploymentWindow): string {
  const days = Array.isArray(w.days) ? w.days.join(',') : w.days;
  return `${days} ${w.start}–${w.end} ${w.timeZone}`;
}
