import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiError } from './envelope';
import type { Credential } from './options';

/** Authentication failure: always HTTP 401, whatever the error mode. */
export class AuthError extends Error {}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks HTTP Basic credentials. Never logs or echoes the header. */
export function authenticate(req: IncomingMessage, credentials: readonly Credential[]): Credential {
  const header = req.headers.authorization;
  if (!header) throw new AuthError('authentication required: send HTTP Basic credentials');
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) throw new AuthError('authentication failed: only HTTP Basic credentials are accepted');
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const access = colon < 0 ? decoded : decoded.slice(0, colon);
  const secret = colon < 0 ? '' : decoded.slice(colon + 1);
  // Compare against every entry so timing does not reveal which access key exists.
  let found: Credential | undefined;
  for (const credential of credentials) {
    if (same(credential.access, access) && same(credential.secret, secret)) found ??= credential;
  }
  if (!found) throw new AuthError('authentication failed: invalid access key or secret');
  return found;
}

/** DESIGN 19: credentials may be limited to some ASIDs. */
export function checkAsid(credential: Credential, asid: number): void {
  if (credential.asids !== null && !credential.asids.includes(asid)) {
    throw new ApiError('forbidden', `accountserviceid ${asid} is not accessible with these credentials`);
  }
}
