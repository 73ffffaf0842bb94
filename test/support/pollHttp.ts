import { waitFor } from './wait';

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** GET a JSON endpoint (the worker's /ready, /live). */
export async function getJson(url: string): Promise<HttpAnswer> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * Asks until `done` holds; a refused connection counts as "not yet" (the worker logs "ready"
 * a moment before its health server listens). Fails with the last answer seen.
 */
export function pollHttp(
  url: string,
  done: (answer: HttpAnswer) => boolean,
  timeoutMs: number,
  everyMs = 100,
): Promise<HttpAnswer> {
  return waitFor(() => getJson(url), done, { what: url, timeoutMs, everyMs });
}
