import { ClanforgeCredentials, type CredentialsSource } from './credentials';
import { CredentialsFile } from './credentialsFile';

/**
 * Reads the keys from CLANFORGE_ACCESS_KEY + CLANFORGE_SECRET_KEY (fixed until a restart), or
 * from the file named by CLANFORGE_CREDENTIALS_FILE (`access:secret`, re-read when it changes).
 * Errors name the variable and never echo a value.
 */
export function loadCredentials(env: NodeJS.ProcessEnv = process.env): CredentialsSource {
  const access = env.CLANFORGE_ACCESS_KEY?.trim();
  const secret = env.CLANFORGE_SECRET_KEY?.trim();
  const file = env.CLANFORGE_CREDENTIALS_FILE?.trim();
  if (access || secret) {
    if (!access) throw new Error('CLANFORGE_ACCESS_KEY is required when CLANFORGE_SECRET_KEY is set');
    if (!secret) throw new Error('CLANFORGE_SECRET_KEY is required when CLANFORGE_ACCESS_KEY is set');
    return new ClanforgeCredentials(access, secret);
  }
  if (file) return new CredentialsFile(file);
  throw new Error(
    'Clanforge credentials missing: set CLANFORGE_ACCESS_KEY and CLANFORGE_SECRET_KEY, or CLANFORGE_CREDENTIALS_FILE',
  );
}
