/**
 * Every failure of a Clanforge call is a ClanforgeError with a stable `type` (also the Temporal
 * ApplicationFailure type) and a class: transient errors may be retried, permanent ones may not.
 * Messages name the endpoint, the ids and the API's own text; they never carry credentials.
 */
export type ClanforgeErrorType =
  | 'ClanforgeAuthError' // 401/403: credentials wrong or not allowed for this ASID
  | 'ClanforgeRejected' // the API answered with its error envelope (precondition, bad param, unknown id)
  | 'ClanforgeBadResponse' // body is not JSON or not the documented shape
  | 'ClanforgeNotFound' // HTTP 404
  | 'ClanforgeUnavailable' // network error or 5xx
  | 'ClanforgeRateLimited' // 429
  | 'ClanforgeTimeout'; // no answer within the request timeout

const TRANSIENT: ReadonlySet<ClanforgeErrorType> = new Set([
  'ClanforgeUnavailable',
  'ClanforgeRateLimited',
  'ClanforgeTimeout',
]);

export interface ClanforgeErrorDetails {
  type: ClanforgeErrorType;
  endpoint: string;
  ids: Record<string, number | string>;
  apiMessage?: string;
  httpStatus?: number;
  retryAfterMs?: number;
  /**
   * False only when the request certainly had no effect (connection refused, 429, 503): for the
   * endpoints that create or change something, only then is it safe to send it again.
   */
  mayHaveTakenEffect: boolean;
  /** The worker identity that got the error (config.identity), so a status says which one. */
  worker?: string;
}

export class ClanforgeError extends Error {
  readonly type: ClanforgeErrorType;
  readonly endpoint: string;
  readonly ids: Record<string, number | string>;
  readonly apiMessage?: string;
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;
  readonly mayHaveTakenEffect: boolean;
  readonly worker?: string;

  constructor(details: ClanforgeErrorDetails, summary: string) {
    super(formatMessage(details, summary));
    this.name = details.type;
    this.type = details.type;
    this.endpoint = details.endpoint;
    this.ids = details.ids;
    this.apiMessage = details.apiMessage;
    this.httpStatus = details.httpStatus;
    this.retryAfterMs = details.retryAfterMs;
    this.mayHaveTakenEffect = details.mayHaveTakenEffect;
    this.worker = details.worker;
  }

  /** A 401: these keys are not accepted at all (a 403 is accepted keys not allowed for one ASID). */
  get credentialsRejected(): boolean {
    return this.type === 'ClanforgeAuthError' && this.httpStatus === 401;
  }

  get transient(): boolean {
    return TRANSIENT.has(this.type);
  }
}

function formatMessage(details: ClanforgeErrorDetails, summary: string): string {
  const ids = Object.entries(details.ids)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  const status = details.httpStatus !== undefined ? ` (HTTP ${details.httpStatus})` : '';
  const api = details.apiMessage ? `: ${details.apiMessage}` : '';
  const worker = details.worker ? ` (worker ${details.worker})` : '';
  return `${details.endpoint} [${ids}]${status} ${summary}${api}${worker}`;
}

export function isClanforgeError(error: unknown): error is ClanforgeError {
  return error instanceof ClanforgeError;
}
