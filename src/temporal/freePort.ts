import net from 'node:net';

/**
 * Ports are taken below Linux's default ephemeral range (32768–60999). A port the OS picks for
 * `listen(0)` comes from that range, which outgoing connections share: it can be the local port
 * of a connection still in TIME_WAIT, which Node's listen (SO_REUSEADDR) accepts but a binder
 * without it refuses. The Temporal SDK core's Prometheus exporter is one: a worker handed such a
 * port died with "Address already in use" after a scenario that had made many connections.
 */
const LOWEST = 20_000;
const HIGHEST = 32_767;
const TRIES = 100;

/** Handed out by this process already: a caller may not have bound its port yet. */
const handedOut = new Set<number>();

/** A port free a moment ago on 127.0.0.1, outside the range connections' local ports come from. */
export async function freePort(): Promise<number> {
  for (let i = 0; i < TRIES; i++) {
    const port = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST + 1));
    if (handedOut.has(port)) continue;
    // Taken before the check, so concurrent callers never get the same port.
    handedOut.add(port);
    if (await bindable(port)) return port;
    handedOut.delete(port);
  }
  throw new Error(`no free port between ${LOWEST} and ${HIGHEST} after ${TRIES} tries`);
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}
