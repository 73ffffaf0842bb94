import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { EXIT_OK, EXIT_USAGE, oneLine } from './errors';
import { defaultIo, type CliIo } from './io';
import { buildProgram } from './program';
import { Session } from './session';

export type { CliClient, CliIo, Output } from './io';

/** The package version (src/cli and lib/cli both sit two levels under the package root). */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * `clanforge-rollout <command> [flags]`. Never throws and never exits the process: it returns
 * the exit code (0 success, 1 failure, 2 bad usage, 3 cannot reach Temporal) after writing its output to io.stdout and,
 * on failure, exactly one line to io.stderr.
 */
export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  const session = new Session(io);
  const program = buildProgram(session, packageVersion());
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return session.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0, after commander wrote them.
      if (error.exitCode === 0) return EXIT_OK;
      const message =
        error.code === 'commander.help'
          ? 'missing command (start, status, list, watch, installs, live, cancel, retry, approve, reject, proceed, unlock, rollback, release); see --help'
          : error.message.replace(/^error: /, '');
      session.fail(oneLine(message));
      return EXIT_USAGE;
    }
    session.fail(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    await session.close();
  }
}
