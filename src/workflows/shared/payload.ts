/** What came with an operator action: the reason, or a payload that could not be read, verbatim (cut short). */
export interface Delivery {
  reason?: string;
  unreadable?: string;
  /** A rollout's retry --force (see ReasonArgs.force). */
  force?: boolean;
  /** Who sent it (ReasonArgs.by), cut short; absent when the payload did not say. */
  by?: string;
  /** `unlock { reinstall: true }`. */
  reinstall?: boolean;
}

/** How an action's sender is written in timelines and events. */
export function byWhom(by: string | undefined): string {
  return by ? `by ${by}` : 'by an unnamed operator';
}

const REASON_LIMIT = 500;
const VERBATIM_LIMIT = 200;
const BY_LIMIT = 100;

/**
 * Reads a payload leniently: sent by hand (Web UI, `temporal workflow signal`) it is easily not
 * `{reason}`. A plain string is the reason; anything else malformed is kept, cut short, verbatim.
 */
export function readPayload(args: unknown): Delivery {
  if (args === undefined || args === null) return {};
  if (typeof args === 'string') return { reason: cleanReason(args) };
  if (typeof args === 'object' && !Array.isArray(args)) {
    const { reason, force, by, reinstall } = args as {
      reason?: unknown;
      force?: unknown;
      by?: unknown;
      reinstall?: unknown;
    };
    const extra = {
      ...(force === true ? { force: true } : {}),
      ...(reinstall === true ? { reinstall: true } : {}),
      ...(typeof by === 'string' && by.trim() ? { by: by.trim().slice(0, BY_LIMIT) } : {}),
    };
    if (reason === undefined || reason === null) return extra;
    if (typeof reason === 'string') return { reason: cleanReason(reason), ...extra };
  }
  return { unreadable: verbatim(args) };
}

function cleanReason(text: string): string | undefined {
  return text.trim() ? text.trim().slice(0, REASON_LIMIT) : undefined;
}

function verbatim(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > VERBATIM_LIMIT ? `${text.slice(0, VERBATIM_LIMIT)}…` : text;
}
