import { readFileSync } from 'node:fs';
import { OptionsError } from './options';

/**
 * The credentials the simulator accepts when no --credentials flag is given: the same variables
 * the worker reads (CLANFORGE_ACCESS_KEY + CLANFORGE_SECRET_KEY, or CLANFORGE_CREDENTIALS_FILE
 * holding `access:secret`), so one `.env` configures both sides of the compose stack and no key
 * appears on a command line (`ps`). Empty values mean unset. Undefined when none is set.
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): string[] | undefined {
  const access = env.CLANFORGE_ACCESS_KEY?.trim();
  const secret = env.CLANFORGE_SECRET_KEY?.trim();
  if (access || secret) {
    if (!access || !secret)
      throw new OptionsError('CLANFORGE_ACCESS_KEY and CLANFORGE_SECRET_KEY must be set together');
    return [`${access}:${secret}`];
  }
  const file = env.CLANFORGE_CREDENTIALS_FILE?.trim();
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new OptionsError(
      `CLANFORGE_CREDENTIALS_FILE ${file} cannot be read: ${(error as NodeJS.ErrnoException).code}`,
    );
  }
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('#'));
  if (!line) throw new OptionsError(`CLANFORGE_CREDENTIALS_FILE ${file} must hold one line "access:secret"`);
  return [line];
}
