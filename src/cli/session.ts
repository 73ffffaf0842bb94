import { temporalSettings } from '../temporal/connection';
import { CliError, describeFailure, EXIT_FAILURE, oneLine, PROGRAM, type FailureContext } from './errors';
import { connectFromEnv, type CliClient, type CliIo } from './io';

/** gRPC UNAVAILABLE / DEADLINE_EXCEEDED: the server is not there (or stopped answering). */
const UNREACHABLE_CODES = new Set([4, 14]);

function unreachable(error: unknown): boolean {
  const code = error instanceof Error ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
  return error instanceof Error && error.name === 'ServiceError' && typeof code === 'number' && UNREACHABLE_CODES.has(code);
}

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
    try {
      return temporalSettings(this.io.env).connectionOptions.address ?? 'localhost:7233';
    } catch {
      return this.io.env.TEMPORAL_ADDRESS ?? 'localhost:7233';
    }
  }

  client(): Promise<CliClient> {
    this.connecting ??= (this.io.clientFactory ?? connectFromEnv)(this.io.env).catch((error: unknown) => {
      this.connecting = undefined;
      const why = error instanceof Error ? error.message : String(error);
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
      if (unreachable(error)) {
        const why = error instanceof Error ? error.message : String(error);
        this.fail(`cannot reach Temporal at ${this.address()}: ${why}`);
        this.exitCode = EXIT_FAILURE;
        return;
      }
      const { message, exitCode } = describeFailure(error, context);
      this.fail(message);
      this.exitCode = exitCode;
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
