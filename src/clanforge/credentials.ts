/**
 * Where the client takes its Clanforge keys from on every request. A source may change its keys
 * while the worker runs (a rotated CLANFORGE_CREDENTIALS_FILE); `accessKey` is safe to log, the
 * secret is reachable only through `authorizationHeader()`.
 */
export interface CredentialsSource {
  readonly accessKey: string;
  /** `Basic …` for the keys in use now. */
  authorizationHeader(): string;
  /** Looks for newer keys (after a 401). True when they changed, so the request may be sent again. */
  recheck(): boolean;
}

/**
 * One Clanforge Basic-auth key pair. The secret lives in a closure, not a property, so that
 * logging, JSON.stringify or util.inspect of this object can never print it.
 */
export class ClanforgeCredentials implements CredentialsSource {
  readonly accessKey: string;
  readonly authorizationHeader: () => string;

  constructor(accessKey: string, secretKey: string) {
    if (!accessKey) throw new Error('Clanforge access key is empty');
    if (!secretKey) throw new Error('Clanforge secret key is empty');
    this.accessKey = accessKey;
    const header = `Basic ${Buffer.from(`${accessKey}:${secretKey}`).toString('base64')}`;
    this.authorizationHeader = () => header;
  }

  /** Keys from the environment change only with a restart. */
  recheck(): boolean {
    return false;
  }

  /** Same keys, compared without handing the secret out. */
  sameAs(other: ClanforgeCredentials): boolean {
    return other.authorizationHeader() === this.authorizationHeader();
  }

  toJSON(): { accessKey: string } {
    return { accessKey: this.accessKey };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ClanforgeCredentials(${this.accessKey}, secret hidden)`;
  }
}
