/**
 * How far ahead `installAt` may be. A rollout makes its diff at once and holds the image's lock
 * until it acts, so an installAt centuries away (unix milliseconds read as seconds, a typo in the
 * year) would lock the image for ever. Checked against a clock given by the caller: the client's
 * and the CLI's at start, the workflow's own (deterministic) time in the workflow.
 */

export const DEFAULT_MAX_INSTALL_AHEAD_DAYS = 30;
export const MAX_INSTALL_AHEAD_DAYS_LIMIT = 3650;

/** Above this, a unix time in seconds is past the year 5000: it is milliseconds. */
const MILLISECONDS_ABOVE = 1e11;

/** `installAt: …` problems as of `nowMs`; empty when installAt is absent, past or within the limit. */
export function installAtProblems(
  input: { installAt?: string | number; maxInstallAheadDays: number },
  nowMs: number,
  field = 'installAt',
): string[] {
  const { installAt, maxInstallAheadDays: days } = input;
  if (installAt === undefined) return [];
  if (typeof installAt === 'number' && installAt > MILLISECONDS_ABOVE) {
    const seconds = Math.floor(installAt / 1000);
    return [
      `${field}: ${installAt} looks like milliseconds; installAt is unix seconds: ${seconds} (${isoOf(seconds * 1000)})`,
    ];
  }
  const atMs = typeof installAt === 'number' ? installAt * 1000 : Date.parse(installAt);
  if (atMs - nowMs <= days * 86_400_000) return [];
  return [
    `${field}: ${isoOf(atMs)} is more than maxInstallAheadDays (${days}) days after now (${isoOf(nowMs)}); give a time within ${days} days, or raise maxInstallAheadDays (at most ${MAX_INSTALL_AHEAD_DAYS_LIMIT})`,
  ];
}

function isoOf(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString().replace(/\.000Z$/, 'Z');
}
