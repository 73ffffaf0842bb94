import { Connection, type ConnectionOptions } from '@temporalio/client';
import { msOptionalToNumber } from '@temporalio/common/lib/time';

/** gRPC UNAVAILABLE (refused, no such host) and DEADLINE_EXCEEDED (no answer at all). */
const UNREACHABLE_CODES: ReadonlySet<number> = new Set([14, 4]);
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Nothing answered at the Temporal address: the caller may say so (the CLI exits 3). */
export class TemporalUnreachable extends Error {
  constructor(
    readonly address: string,
    cause: unknown,
  ) {
    super(`cannot reach Temporal at ${address}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'TemporalUnreachable';
  }
}

/**
 * Connection.connect, but fast when nothing listens: connect waits for the channel to be ready
 * for its whole timeout (10 s), and the SDK's retry interceptor retries a refused call as long.
 * One probe call on a connection without interceptors fails within milliseconds instead; only
 * when something answered is the real connection made (same options, so TLS, API key and
 * proxy settings apply to both).
 */
export async function connectFailingFast(options: ConnectionOptions): Promise<Connection> {
  const address = options.address ?? 'localhost:7233';
  const probe = Connection.lazy({ ...options, interceptors: [] });
  try {
    const timeoutMs = msOptionalToNumber(options.connectTimeout) ?? DEFAULT_CONNECT_TIMEOUT_MS;
    await probe.withDeadline(Date.now() + timeoutMs, () => probe.workflowService.getSystemInfo({}));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'number' && UNREACHABLE_CODES.has(code)) throw new TemporalUnreachable(address, error);
    // Anything else (an old server, auth): Connection.connect's own check decides.
  } finally {
    await probe.close();
  }
  return Connection.connect(options);
}
