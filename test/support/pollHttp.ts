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
export async function pollHttp(
  url: string,
  done: (answer: HttpAnswer) => boolean,
  timeoutMs: number,
  everyMs = 100,
): Promise<HttpAnswer> {
  const deadline = Date.now() + timeoutMs;
  let last: HttpAnswer | string = 'nothing';
  while (Date.now() < deadline) {
    try {
      last = await getJson(url);
      if (done(last)) return last;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`${url} never matched within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
}
