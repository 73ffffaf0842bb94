/** How a flag's string becomes the JSON value the rollout input takes. */
export type Kind = 'integer' | 'number' | 'string' | 'installAt' | 'boolean' | 'negated';

export const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)$/;

/**
 * A flag string as JSON: digits only become numbers, anything else stays a string so the
 * schema rejects it with its own rule (`12abc` is not an integer, not a truncated 12).
 */
export function valueOf(kind: Kind, raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  if (kind === 'integer') return INTEGER.test(raw) ? Number(raw) : raw;
  if (kind === 'number') return DECIMAL.test(raw) ? Number(raw) : raw;
  if (kind === 'installAt') return /^\d+$/.test(raw) ? Number(raw) : raw;
  return raw;
}
