/**
 * The error envelope real clients saw from Clanforge (clanforge-api.md 1.1 / DESIGN 1-2) and the
 * HTTP status each kind of error gets.
 */
export type ErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict';

/** How business errors are answered: `ok` = HTTP 200 + envelope (observed), `http` = 400/403/404. */
export type ErrorStatusMode = 'ok' | 'http';

/** A business-rule failure: bad parameter, unknown id, wrong state, locked image. */
export class ApiError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** Answered with this HTTP status in every error mode (documented statuses, e.g. 404 of server/allocations). */
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorEnvelope {
  messages: never[];
  error_code: number;
  error_message: string;
  _debug: never[];
  success: false;
  error: true;
}

export function envelope(message: string, errorCode = 1): ErrorEnvelope {
  return { messages: [], error_code: errorCode, error_message: message, _debug: [], success: false, error: true };
}

const HTTP_STATUS: Record<ErrorKind, number> = { invalid: 400, conflict: 400, forbidden: 403, not_found: 404 };
/** DESIGN 4 (v2 fleet endpoints): a conflict is 409 there. */
const V2_STATUS: Record<ErrorKind, number> = { ...HTTP_STATUS, conflict: 409 };

export function businessStatus(kind: ErrorKind, mode: ErrorStatusMode | 'v2'): number {
  if (mode === 'v2') return V2_STATUS[kind];
  return mode === 'ok' ? 200 : HTTP_STATUS[kind];
}

export const notFound = (name: string, id: number): ApiError => new ApiError('not_found', `${name} ${id} not found`);
export const conflict = (message: string): ApiError => new ApiError('conflict', message);
export const invalid = (message: string): ApiError => new ApiError('invalid', message);
