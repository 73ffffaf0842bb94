import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs the `temporal` CLI at `executable` against the server at `address`; resolves to its stdout. */
export async function runTemporalCli(executable: string, address: string, args: string[]): Promise<string> {
  const { stdout } = await run(executable, [...args, '--address', address], { timeout: 30_000 });
  return stdout;
}
