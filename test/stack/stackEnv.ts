import { writeFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { STACK_DIR } from './images';

/** The access:secret pair the stack's worker and simulator share, through a credentials file. */
export const STACK_CREDENTIALS = 'stack-access:stack-secret';
export const CREDENTIALS_FILE = join(STACK_DIR, 'clanforge-credentials');

/**
 * What a user's `.env` holds for the stack test: only CLANFORGE_CREDENTIALS_FILE for Clanforge
 * (the case that could not start before), the simulator as Clanforge, polling at its speed.
 * Everything else is left unset, so compose's own defaults apply (TEMPORAL_API_KEY= among them).
 */
export function stackEnv(): Record<string, string> {
  mkdirSync(STACK_DIR, { recursive: true });
  writeFileSync(CREDENTIALS_FILE, `${STACK_CREDENTIALS}\n`, { mode: 0o644 });
  return {
    POSTGRES_PASSWORD: 'stack-postgres-password',
    CLANFORGE_CREDENTIALS_FILE: CREDENTIALS_FILE,
    CLANFORGE_BASE_URL: 'http://simulator:8780/cfp/v1',
    CLANFORGE_POLL_SCALE: '60',
  };
}

export const STACK_PROFILES = ['simulator'];

/** Service names resolve to loopback, as compose's network resolves them to containers. */
export function hostsFile(serviceNames: string[]): string {
  return `127.0.0.1 localhost ${hostname()} ${serviceNames.join(' ')}\n::1 localhost ip6-localhost ip6-loopback\n`;
}

export const MANIFEST = join(STACK_DIR, 'manifest.json');
