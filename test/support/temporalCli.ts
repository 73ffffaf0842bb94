import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { inject } from 'vitest';

const run = promisify(execFile);

/** Runs the real `temporal` CLI against the test server, as an operator would. */
export async function temporalCli(...args: string[]): Promise<string> {
  const { stdout } = await run(inject('temporalCli'), [...args, '--address', inject('temporalAddress')], {
    timeout: 30_000,
  });
  return stdout;
}
