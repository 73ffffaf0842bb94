import type { NativeConnection } from '@temporalio/worker';

/** What the probe needs from the worker's connection (a fake in unit tests). */
export type ProbeConnection = Pick<NativeConnection, 'workflowService' | 'withDeadline'>;

export interface TemporalProbeOptions {
  /** How often to ask the frontend. */
  intervalMs?: number;
  /** gRPC deadline of one probe. */
  timeoutMs?: number;
}

export interface TemporalReachability {
  reachable: boolean;
  /** "reachable", or for how long and why not, e.g. "unreachable for 12 s: tcp connect error". */
  detail: string;
}

/**
 * Asks the Temporal frontend (GetSystemInfo: cheap, needs no namespace, works on Cloud) every few
 * seconds over the worker's own connection, because an SDK Worker stays RUNNING while the server
 * is unreachable. One call at a time: the connection retries UNAVAILABLE inside a call (the
 * deadline bounds each attempt, not the call: about 10 s against a stopped server), so a slow call
 * only delays the next one, and the verdict ages on its own while it waits.
 */
export class TemporalProbe {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  private readonly startedAt = Date.now();
  private lastSuccessAt?: number;
  private lastError?: string;
  private inFlight?: Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly connection: ProbeConnection,
    options: TemporalProbeOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 5_000;
    this.timeoutMs = options.timeoutMs ?? 2_000;
  }

  /** An answer older than this no longer counts: one missed probe is tolerated, two are not. */
  get staleAfterMs(): number {
    return 2 * this.intervalMs + this.timeoutMs;
  }

  /** Probes now and then every interval; resolves once the first probe has an answer. */
  start(): Promise<void> {
    if (!this.timer) {
      this.timer = setInterval(() => void this.probe(), this.intervalMs);
      // Never what keeps the process alive.
      this.timer.unref();
    }
    return this.probe();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One probe; joins the one in flight instead of starting another. */
  probe(): Promise<void> {
    this.inFlight ??= this.ask().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async ask(): Promise<void> {
    try {
      await this.connection.withDeadline(Date.now() + this.timeoutMs, () =>
        this.connection.workflowService.getSystemInfo({}),
      );
      this.lastSuccessAt = Date.now();
      this.lastError = undefined;
    } catch (error) {
      this.lastError = briefly(error);
    }
  }

  reachability(now = Date.now()): TemporalReachability {
    if (this.lastSuccessAt !== undefined && now - this.lastSuccessAt <= this.staleAfterMs)
      return { reachable: true, detail: 'reachable' };
    const seconds = Math.round((now - (this.lastSuccessAt ?? this.startedAt)) / 1000);
    const why = this.lastError ?? (this.inFlight ? 'no answer yet' : 'not probed yet');
    return { reachable: false, detail: `unreachable for ${seconds} s: ${why}` };
  }
}

/** The first line of an error, short enough for a health body (gRPC errors carry no credentials). */
function briefly(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
