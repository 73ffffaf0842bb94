import { UsageError } from './errors';

/** `--by NAME` on every operator action, rollout and release alike. */
export const BY_FLAG = '--by <NAME>';
export const BY_HELP = 'who sends it, as the timeline, result and webhook events record it (default: user@host)';

/** The --by name, trimmed; undefined without the flag, so that the client names user@host itself. */
export function byFrom(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const name = raw.trim();
  // An empty name would be recorded as "an unnamed operator": say so rather than guess.
  if (!name) throw new UsageError('--by needs a name, e.g. --by alice@build-01');
  return name;
}
