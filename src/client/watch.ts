/** A status a watch can follow: it changes as the workflow goes, and its timeline only grows. */
interface Watchable {
  timeline: readonly unknown[];
}

/**
 * Yields the status each time it changes, until `isFinal` says the workflow has ended. A change
 * in the timeline counts by its length (a new entry), so the same status is never yielded twice.
 */
export async function* watchUntilFinal<Status extends Watchable>(
  read: () => Promise<Status>,
  isFinal: (status: Status) => boolean,
  intervalMs: number,
): AsyncGenerator<Status> {
  let last = '';
  for (;;) {
    const status = await read();
    const key = JSON.stringify({ ...status, timeline: status.timeline.length });
    if (key !== last) {
      last = key;
      yield status;
    }
    if (isFinal(status)) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
