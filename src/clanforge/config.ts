import type { CredentialsSource } from './credentials';
import { loadCredentials } from './loadCredentials';

export const DEFAULT_CLANFORGE_BASE_URL = 'https://api.multiplay.co.uk/cfp/v1';
export const DEFAULT_CLANFORGE_TIMEOUT_MS = 30_000;
export const DEFAULT_CLANFORGE_MAX_SOCKETS = 50;

export interface ClanforgeClientConfig {
  /** API base, e.g. https://api.multiplay.co.uk/cfp/v1 or http://127.0.0.1:8780/cfp/v1. */
  baseUrl: string;
  /** Asked for the Authorization header on every request: file keys may change while running. */
  credentials: CredentialsSource;
  /** Per-request timeout; a create that times out may still have happened (see errors.ts). */
  timeoutMs: number;
  /** Open sockets kept per host for keep-alive. */
  maxSockets: number;
  /** The Temporal worker identity making the calls: every ClanforgeError names it. */
  identity?: string;
}

/** Builds the client config from CLANFORGE_* variables; errors name the variable at fault. */
export function clanforgeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ClanforgeClientConfig {
  const baseUrl = (env.CLANFORGE_BASE_URL?.trim() || DEFAULT_CLANFORGE_BASE_URL).replace(/\/+$/, '');
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new Error(`CLANFORGE_BASE_URL must be an http(s) URL, got "${baseUrl}"`);
  }
  return {
    baseUrl,
    credentials: loadCredentials(env),
    timeoutMs: positiveInt(env, 'CLANFORGE_TIMEOUT_MS', DEFAULT_CLANFORGE_TIMEOUT_MS),
    maxSockets: positiveInt(env, 'CLANFORGE_MAX_SOCKETS', DEFAULT_CLANFORGE_MAX_SOCKETS),
  };
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}
