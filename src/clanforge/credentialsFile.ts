import { readFileSync, statSync } from 'node:fs';
import type { Logger } from 'pino';
import { createLogger } from '../logging/logger';
import { ClanforgeCredentials, type CredentialsSource } from './credentials';

/**
 * CLANFORGE_CREDENTIALS_FILE, followed while the worker runs: each request stats the file (cheap)
 * and re-reads it when its inode, size or mtime changed, so a rotated key (a rewritten file, a
 * Kubernetes secret's symlink swap) is used from the next request on, without a restart. A file
 * that does not parse, or changed while it was read, is not used: the last good keys stay, and
 * the problem is logged once per version of the file. Logs name the access key only.
 */
export class CredentialsFile implements CredentialsSource {
  private current: ClanforgeCredentials;
  /** The stat signature of the file the current keys came from. */
  private seen: string;
  /** The signature of the last bad version reported, so each is logged once. */
  private reported = '';

  constructor(
    readonly path: string,
    private readonly log: Logger = createLogger('clanforge-credentials'),
  ) {
    // At start a bad file is fatal, as it always was: there are no last good keys to keep.
    this.seen = signature(path);
    this.current = readCredentialsFile(path);
  }

  get accessKey(): string {
    return this.current.accessKey;
  }

  authorizationHeader(): string {
    this.refresh(false);
    return this.current.authorizationHeader();
  }

  /** Re-reads even when the stat looks unchanged (an mtime too coarse to see a quick rewrite). */
  recheck(): boolean {
    return this.refresh(true);
  }

  private refresh(force: boolean): boolean {
    let before: string;
    let next: ClanforgeCredentials;
    try {
      before = signature(this.path);
      if (!force && before === this.seen) return false;
      next = readCredentialsFile(this.path);
    } catch (error) {
      this.reportOnce(statOrMissing(this.path), error instanceof Error ? error.message : String(error));
      return false;
    }
    // Rewritten while we read it: what we have may be half a key. The next request looks again.
    if (signature(this.path) !== before) return false;
    this.seen = before;
    if (next.sameAs(this.current)) return false;
    const previous = this.current.accessKey;
    this.current = next;
    this.reported = '';
    this.log.info(
      { file: this.path, accessKey: next.accessKey, previousAccessKey: previous },
      'clanforge credentials changed in CLANFORGE_CREDENTIALS_FILE: using the new keys',
    );
    return true;
  }

  toJSON(): { accessKey: string; file: string } {
    return { accessKey: this.accessKey, file: this.path };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `CredentialsFile(${this.path}, ${this.accessKey}, secret hidden)`;
  }

  private reportOnce(version: string, problem: string): void {
    if (version === this.reported) return;
    this.reported = version;
    this.log.warn({ file: this.path, accessKey: this.current.accessKey }, `${problem}; still using the last good keys`);
  }
}

/** The first line that is not blank or a `#` comment, as `access:secret`. Errors never quote the file. */
export function readCredentialsFile(path: string): ClanforgeCredentials {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw unreadable(path, error);
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

/** Names the variable, the path and the errno code; the file's text is never quoted. */
function unreadable(path: string, error: unknown): Error {
  return new Error(`CLANFORGE_CREDENTIALS_FILE ${path} cannot be read: ${(error as NodeJS.ErrnoException).code}`, {
    cause: error,
  });
}

/** What changes when the file is rewritten or replaced (statSync follows a secret's symlink). */
function signature(path: string): string {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

function statOrMissing(path: string): string {
  try {
    return signature(path);
  } catch (error) {
    return `missing:${(error as NodeJS.ErrnoException).code ?? ''}`;
  }
}
