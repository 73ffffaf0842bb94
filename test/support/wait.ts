/** Resolves after `ms` milliseconds of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface WaitOptions {
  /** What is waited for, for the error when it never comes. */
  what: string;
  timeoutMs?: number;
  everyMs?: number;
}

/**
 * Reads until `done` holds for what was read, and returns it. A read that throws counts as "not
 * yet" (a query while no worker answers, a port not listening yet). Fails with the last value seen.
 */
export async function waitFor<T>(
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  { what, timeoutMs = 60_000, everyMs = 100 }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: string;
  for (;;) {
    try {
      const value = await read();
      if (done(value)) return value;
      last = JSON.stringify(value) ?? String(value);
    } catch (error) {
      last = String(error);
    }
    if (Date.now() >= deadline) throw new Error(`${what}: not within ${timeoutMs} ms; last: ${last.slice(0, 2_000)}`);
    await sleep(everyMs);
  }
}
