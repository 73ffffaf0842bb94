/**
 * Go `time.ParseDuration` grammar (`60s`, `6000ns`, `1h30m`, `1.5h`), which the v2 fleet
 * endpoints' examples point at. A unit is mandatory (DESIGN 5): a bare number is refused.
 */
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;

/** Milliseconds of a Go duration string, or null when it is not one (sign, bare number, unknown unit). */
export function parseGoDuration(text: string): number | null {
  if (text.length > 64 || !WHOLE.test(text)) return null;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(PART)) ms += Number(amount) * (UNIT_MS[unit ?? ''] ?? NaN);
  return Number.isFinite(ms) ? ms : null;
}
