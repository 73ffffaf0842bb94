import { TemporalUnreachable } from '../temporal/connectFast';
import { definedEnv } from '../temporal/definedEnv';
import { webUiBaseFrom, workflowUiUrl } from '../temporal/webUiUrl';
import { DEFAULT_TASK_QUEUE, temporalSettings, type TemporalSettings } from '../temporal/connection';
import {
  CliError,
  UsageError,
  describeFailure,
  EXIT_FAILURE,
  EXIT_UNREACHABLE,
  oneLine,
  PROGRAM,
  type FailureContext,
} from './errors';
import { connectFromEnv, type CliClient, type CliIo } from './io';

function grpcCode(error: unknown): number | undefined {
  if (!(error instanceof Error) || error.name !== 'ServiceError') return undefined;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** gRPC UNAVAILABLE: the server is not there (any more). */
const UNAVAILABLE = 14;
/** gRPC DEADLINE_EXCEEDED: e.g. a query or update no worker picked up. */
const DEADLINE_EXCEEDED = 4;

/**
 * One CLI invocation: the io, the client (connected on first use, closed at the end) and the
 * exit code. Every command runs through run(), which turns any failure into one stderr line.
 */
export class Session {
  exitCode = 0;
  private connecting?: Promise<CliClient>;

  constructor(readonly io: CliIo) {}

  /** Where TEMPORAL_ADDRESS (or the default) points, for messages. */
  address(): string {
    return this.setting((s) => s.connectionOptions.address ?? 'localhost:7233', 'TEMPORAL_ADDRESS', 'localhost:7233');
  }

  private taskQueue(): string {
    return this.setting((s) => s.taskQueue, 'TEMPORAL_TASK_QUEUE', DEFAULT_TASK_QUEUE);
  }

  /**
   * A workflow's page in the Web UI (in this client's namespace) when TEMPORAL_UI_URL is set,
   * else undefined. Checked when called: a command calls it before it acts, so a bad value never
   * turns a start that happened into an error.
   */
  webUiLink(): (workflowId: string) => string | undefined {
    let baseUrl: string | undefined;
    try {
      baseUrl = webUiBaseFrom(definedEnv(this.io.env));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (!baseUrl) return () => undefined;
    const ui = { baseUrl, namespace: this.setting((s) => s.namespace, 'TEMPORAL_NAMESPACE', 'default') };
    return (workflowId) => workflowUiUrl(ui, workflowId);
  }

  /** A connection setting; when the settings do not load (a lone TLS cert), the plain variable or the default. */
  private setting(pick: (settings: TemporalSettings) => string, variable: string, fallback: string): string {
    try {
      return pick(temporalSettings(this.io.env));
    } catch {
      return this.io.env[variable]?.trim() || fallback;
    }
  }

  client(): Promise<CliClient> {
    this.connecting ??= (this.io.clientFactory ?? connectFromEnv)(this.io.env).catch((error: unknown) => {
      this.connecting = undefined;
      if (error instanceof TemporalUnreachable) throw new CliError(oneLine(error.message), EXIT_UNREACHABLE);
      const why = error instanceof Error ? error.message : String(error);
      // Connection.connect's own wait for the server (a slow network rather than a refusal).
      if (/failed to connect before the deadline/i.test(why))
        throw new CliError(`cannot reach Temporal at ${this.address()}: ${oneLine(why)}`, EXIT_UNREACHABLE);
      throw new CliError(`cannot connect to Temporal at ${this.address()}: ${oneLine(why)}`, EXIT_FAILURE);
    });
    return this.connecting;
  }

  /** Writes the one-line reason a command failed. */
  fail(message: string): void {
    this.io.stderr.write(`${PROGRAM}: ${oneLine(message)}\n`);
  }

  async run(context: FailureContext, work: () => Promise<number>): Promise<void> {
    try {
      this.exitCode = await work();
    } catch (error) {
      const { message, exitCode } = describeFailure(error, context);
      const code = grpcCode(error);
      this.exitCode = exitCode;
      if (code === UNAVAILABLE) {
        this.fail(`cannot reach Temporal at ${this.address()}: ${message}`);
        this.exitCode = EXIT_UNREACHABLE;
      } else if (code === DEADLINE_EXCEEDED && /worker/i.test(message)) {
        this.fail(`${message} (is a worker running on task queue ${this.taskQueue()}?)`);
      } else this.fail(message);
    }
  }

  async close(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    if (!connecting) return;
    try {
      await (await connecting).close();
    } catch {
      // Closing after a failed command: nothing more to report.
    }
  }
}
