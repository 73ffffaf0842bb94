import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import type { ClanforgeClientConfig } from './config';
import { ClanforgeError, type ClanforgeErrorType } from './errors';
import { errorEnvelopeSchema } from './schemas';

/** An array is sent as a repeated parameter (`uuid=a&uuid=b`), as public clients send multi-values. */
export type QueryValue = string | number | boolean | undefined | readonly (string | number)[];

export interface ClanforgeRequest<T extends z.ZodType> {
  /** Endpoint template used in errors and metrics, e.g. `imagediff/status`. */
  endpoint: string;
  /** Path below the base URL, e.g. `imagediff/12/status`. */
  path: string;
  params: Record<string, QueryValue>;
  schema: T;
  /** Ids to name in an error message. */
  ids: Record<string, number | string>;
  /** Default GET (the v1 API changes state with GETs); the v2 fleet endpoints PATCH and POST. */
  method?: 'GET' | 'PATCH' | 'POST';
  /** A JSON body (switchprofile) or a raw text payload (allocate v2). */
  body?: { json: unknown } | { text: string };
}

/** Called after each request, for metrics and the follower's API-call count. */
export type RequestObserver = (endpoint: string, outcome: 'ok' | ClanforgeErrorType, ms: number) => void;

/** Called when Clanforge answered 401 even after the credentials source was looked at again. */
export type RejectionObserver = (error: ClanforgeError) => void;

/**
 * The HTTP layer: one keep-alive axios instance, Basic auth added per request, every answer
 * checked for the error envelope and validated against its schema. It never retries: the
 * create endpoints are GETs that change state, so retrying is the caller's decision.
 */
export class ClanforgeHttp {
  private readonly axios: AxiosInstance;
  private readonly observers: RequestObserver[] = [];
  private readonly rejectionObservers: RejectionObserver[] = [];

  constructor(private readonly config: ClanforgeClientConfig) {
    const agentOptions = { keepAlive: true, maxSockets: config.maxSockets };
    this.axios = axios.create({
      baseURL: `${config.baseUrl}/`,
      timeout: config.timeoutMs,
      httpAgent: new http.Agent(agentOptions),
      httpsAgent: new https.Agent(agentOptions),
      // We judge statuses ourselves and parse JSON ourselves, so a bad body is our error, not axios'.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      maxRedirects: 0,
    });
  }

  onRequest(observer: RequestObserver): void {
    this.observers.push(observer);
  }

  onCredentialsRejected(observer: RejectionObserver): void {
    this.rejectionObservers.push(observer);
  }

  /** One request (GET unless `request.method` says otherwise), validated against its schema. */
  async get<T extends z.ZodType>(request: ClanforgeRequest<T>): Promise<z.infer<T>> {
    const started = Date.now();
    try {
      const result = await this.send(request);
      this.notify(request.endpoint, 'ok', started);
      return result;
    } catch (error) {
      if (error instanceof ClanforgeError) this.notify(request.endpoint, error.type, started);
      if (error instanceof ClanforgeError && error.credentialsRejected)
        for (const observer of this.rejectionObservers) observer(error);
      throw error;
    }
  }

  private notify(endpoint: string, outcome: 'ok' | ClanforgeErrorType, started: number): void {
    for (const observer of this.observers) observer(endpoint, outcome, Date.now() - started);
  }

  private async send<T extends z.ZodType>(request: ClanforgeRequest<T>): Promise<z.infer<T>> {
    const fail = (type: ClanforgeErrorType, summary: string, extra: Partial<ClanforgeError> = {}): never => {
      throw new ClanforgeError(
        {
          type,
          endpoint: request.endpoint,
          ids: request.ids,
          mayHaveTakenEffect: extra.mayHaveTakenEffect ?? true,
          apiMessage: extra.apiMessage,
          httpStatus: extra.httpStatus,
          retryAfterMs: extra.retryAfterMs,
          worker: this.config.identity,
        },
        summary,
      );
    };

    let response = await this.exchange(request, fail);
    // A 401 may mean the keys were rotated a moment ago: if the source now has other keys, ask
    // once more with them. A 401 changed nothing, so asking again is safe even for a create.
    if (response.status === 401 && this.config.credentials.recheck()) response = await this.exchange(request, fail);

    const status = response.status;
    const body = parseJson(response.data);
    const envelope = errorEnvelopeSchema.safeParse(body);
    const apiMessage = envelope.success ? envelope.data.error_message : undefined;

    if (status === 401 || status === 403) {
      return fail('ClanforgeAuthError', 'credentials rejected', {
        httpStatus: status,
        apiMessage,
        mayHaveTakenEffect: false,
      });
    }
    if (status === 429) {
      return fail('ClanforgeRateLimited', 'rate limited', {
        httpStatus: status,
        apiMessage,
        retryAfterMs: parseRetryAfter(response.headers['retry-after']),
        mayHaveTakenEffect: false,
      });
    }
    if (status >= 500) {
      return fail('ClanforgeUnavailable', 'server error', {
        httpStatus: status,
        apiMessage,
        retryAfterMs: parseRetryAfter(response.headers['retry-after']),
        mayHaveTakenEffect: status !== 503,
      });
    }
    if (status === 404)
      return fail('ClanforgeNotFound', 'not found', { httpStatus: status, apiMessage, mayHaveTakenEffect: false });
    if (status >= 300)
      return fail('ClanforgeRejected', 'request refused', {
        httpStatus: status,
        apiMessage,
        mayHaveTakenEffect: false,
      });

    if (body === undefined) {
      return fail('ClanforgeBadResponse', `body is not JSON (${describeText(response.data)})`, { httpStatus: status });
    }
    // The API reports business errors (locked image, bad state, bad parameter) as HTTP 200 with
    // `error: true`; a failed *job* also has `success: false` but carries job fields, so it is data.
    if (
      envelope.success &&
      (envelope.data.error === true ||
        (envelope.data.success === false && apiMessage !== undefined && !hasJobState(body)))
    ) {
      return fail('ClanforgeRejected', 'request rejected', {
        httpStatus: status,
        apiMessage: apiMessage ?? 'no error_message',
        mayHaveTakenEffect: false,
      });
    }
    const parsed = request.schema.safeParse(body);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
        .join('; ');
      return fail('ClanforgeBadResponse', `unexpected body (${problems})`, { httpStatus: status });
    }
    return parsed.data;
  }

  /** One HTTP exchange with the current keys; a network failure becomes a ClanforgeError via `fail`. */
  private async exchange(
    request: ClanforgeRequest<z.ZodType>,
    fail: (type: ClanforgeErrorType, summary: string, extra?: Partial<ClanforgeError>) => never,
  ): Promise<AxiosResponse<string>> {
    try {
      return await this.axios.request<string>({
        method: request.method ?? 'GET',
        url: request.path,
        params: encodeParams(request.params),
        ...bodyOf(request.body),
        headers: {
          Authorization: this.config.credentials.authorizationHeader(),
          ...bodyHeaders(request.body),
        },
      });
    } catch (error) {
      // Only the code and message of a network error are kept: axios errors carry the request
      // config, and with it the Authorization header.
      const code = error instanceof AxiosError ? (error.code ?? '') : '';
      if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
        return fail('ClanforgeTimeout', `no answer within ${this.config.timeoutMs} ms`);
      }
      const refused = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
      const reason = error instanceof Error ? error.message : String(error);
      return fail('ClanforgeUnavailable', `request failed (${code || 'network error'}: ${reason})`, {
        mayHaveTakenEffect: !refused,
      });
    }
  }
}

function encodeParams(params: Record<string, QueryValue>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly (string | number)[]) out.append(key, String(item));
    else out.append(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  return out;
}

function bodyOf(body: ClanforgeRequest<z.ZodType>['body']): { data?: string } {
  if (!body) return {};
  return { data: 'json' in body ? JSON.stringify(body.json) : body.text };
}

/** JSON for switchprofile; a payload for allocate v2 goes as text with `X-Enable-Payload` (Allocations Payload page). */
function bodyHeaders(body: ClanforgeRequest<z.ZodType>['body']): Record<string, string> {
  if (!body) return {};
  if ('json' in body) return { 'Content-Type': 'application/json' };
  return { 'Content-Type': 'text/plain', 'X-Enable-Payload': 'true' };
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return text ?? undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function hasJobState(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'jobstateid' in body;
}

function describeText(text: unknown): string {
  const s = typeof text === 'string' ? text : String(text);
  return s.length === 0 ? 'empty' : `${s.length} bytes starting ${JSON.stringify(s.slice(0, 40))}`;
}

/** Retry-After is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
