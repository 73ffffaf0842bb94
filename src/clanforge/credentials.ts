import { readFileSync } from 'node:fs';

/**
 * Clanforge Basic-auth keys. The secret lives in a closure, not a property, so that logging,
 * JSON.stringify or util.inspect of this object can never print it.
 */
export class ClanforgeCredentials {
  readonly accessKey: string;
  readonly authorizationHeader: () => string;

  constructor(accessKey: string, secretKey: string) {
    if (!accessKey) throw new Error('Clanforge access key is empty');
    if (!secretKey) throw new Error('Clanforge secret key is empty');
    this.accessKey = accessKey;
    const header = `Basic ${Buffer.from(`${accessKey}:${secretKey}`).toString('base64')}`;
    this.authorizationHeader = () => header;
  }

  toJSON(): { accessKey: string } {
    return { accessKey: this.accessKey };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ClanforgeCredentials(${this.accessKey}, secret hidden)`;
  }
}

/**
 * Reads the keys from CLANFORGE_ACCESS_KEY + CLANFORGE_SECRET_KEY, or from the file named by
 * CLANFORGE_CREDENTIALS_FILE (`access:secret`). Errors name the variable and never echo a value.
 */
export function loadCredentials(env: NodeJS.ProcessEnv = process.env): ClanforgeCredentials {
  const access = env.CLANFORGE_ACCESS_KEY?.trim();
  const secret = env.CLANFORGE_SECRET_KEY?.trim();
  const file = env.CLANFORGE_CREDENTIALS_FILE?.trim();
  if (access || secret) {
    if (!access) throw new Error('CLANFORGE_ACCESS_KEY is required when CLANFORGE_SECRET_KEY is set');
    if (!secret) throw new Error('CLANFORGE_SECRET_KEY is required when CLANFORGE_ACCESS_KEY is set');
    return new ClanforgeCredentials(access, secret);
  }
  if (file) return parseCredentialsFile(file);
  throw new Error(
    'Clanforge credentials missing: set CLANFORGE_ACCESS_KEY and CLANFORGE_SECRET_KEY, or CLANFORGE_CREDENTIALS_FILE',
  );
}

function parseCredentialsFile(path: string): ClanforgeCredentials {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`CLANFORGE_CREDENTIALS_FILE ${path} cannot be read: ${(error as NodeJS.ErrnoException).code}`, {
      cause: error,
    });
  }
  const line =
    text
      .split(/\r?\n/)
      .find((l) => l.trim() !== '' && !l.trim().startsWith('#'))
      ?.trim() ?? '';
  const colon = line.indexOf(':');
  if (colon <= 0 || colon === line.length - 1) {
    throw new Error(`CLANFORGE_CREDENTIALS_FILE ${path} must hold one line "access:secret"`);
  }
  return new ClanforgeCredentials(line.slice(0, colon), line.slice(colon + 1));
}
