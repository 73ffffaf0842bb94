/**
 * "version in 1 h 23 min": how long a `scheduled` rollout still waits for its installAt or its
 * next deployment window ("cutover in 5 h" before a cutover's). Worked
 * out by the reader (client, CLI) at read time, since the workflow's clock only moves when it
 * wakes up; nothing is written to history to keep it current.
 */
export function countdownText(atIso: string, now = Date.now(), what: 'version' | 'cutover' = 'version'): string {
  const ms = Date.parse(atIso) - now;
  if (!Number.isFinite(ms)) return '';
  if (ms <= 0) return `${what} now`;
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 2) return `${what} in ${Math.ceil(ms / 1000)} s`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [days && `${days} d`, hours && `${hours} h`, rest && `${rest} min`].filter(Boolean);
  return `${what} in ${parts.join(' ')}`;
}
