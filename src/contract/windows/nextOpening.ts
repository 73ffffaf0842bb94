import { minutesOf, parseDays, windowText, type DeploymentWindow } from './input';
import { addDays, instantOf, localTimeAt, weekdayOf } from './zonedTime';

/** One opening of a window: [opensAt, closesAt) in ms. */
export interface WindowOpening {
  opensAt: number;
  closesAt: number;
  /** The window it is an opening of, in words ("Mon-Thu 02:00–05:00 Europe/London"). */
  window: string;
}

/**
 * The opening of `windows` that contains `fromMs`, or else the first one after it. Each window
 * opens on each of its days at `start` local time and closes at `end` the same day, or the next
 * day when `end` is at or before `start` (across midnight). Local times are the time zone's,
 * daylight saving included (zonedTime.instantOf). Validated windows always open within a week.
 */
export function nextOpening(windows: readonly DeploymentWindow[], fromMs: number): WindowOpening | undefined {
  let best: WindowOpening | undefined;
  for (const w of windows) {
    const parsed = parseDays(w.days);
    const start = minutesOf(w.start);
    const end = minutesOf(w.end, true);
    if ('problem' in parsed || start === undefined || end === undefined) continue;
    const today = localTimeAt(fromMs, w.timeZone);
    // Yesterday's opening may still be open (across midnight); a week and a day covers the rest.
    for (let offset = -1; offset <= 8; offset++) {
      const date = addDays(today, offset);
      if (!parsed.days.includes(weekdayOf(date))) continue;
      const opensAt = instantOf(date, Math.floor(start / 60), start % 60, w.timeZone);
      const closeDate = addDays(date, end <= start || end === 24 * 60 ? 1 : 0);
      const endMinutes = end % (24 * 60);
      const closesAt = instantOf(closeDate, Math.floor(endMinutes / 60), endMinutes % 60, w.timeZone);
      // A window the clocks swallow whole (inside a skipped hour) does not open that day.
      if (closesAt <= opensAt || closesAt <= fromMs) continue;
      const opening = { opensAt, closesAt, window: windowText(w) };
      if (opensAt <= fromMs) return opening;
      if (!best || opensAt < best.opensAt) best = opening;
    }
  }
  return best;
}

/** True when `atMs` is inside one of `windows` (no windows: always). */
export function insideWindow(windows: readonly DeploymentWindow[] | undefined, atMs: number): boolean {
  if (!windows) return true;
  const opening = nextOpening(windows, atMs);
  return opening !== undefined && opening.opensAt <= atMs;
}
