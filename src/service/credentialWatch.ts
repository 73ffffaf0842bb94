import type { Logger } from 'pino';
import type { ClanforgeClient } from '../clanforge/client';
import type { CredentialsSource } from '../clanforge/credentials';
import type { ActivityGate } from './activityGate';
import { checkClanforgeCredentials, probeClanforgeCredentials, REJECTED_CONSEQUENCE } from './credentialCheck';

/**
 * checking: the start-up check has not answered (no Clanforge work yet);
 * accepted: Clanforge took the keys; unchecked: Clanforge did not answer the start-up check, so
 * the worker works as if they were good (a 401 later still stops it); rejected: a 401.
 */
export type CredentialState = 'checking' | 'accepted' | 'unchecked' | 'rejected';

export interface CredentialReadiness {
  ready: boolean;
  state: CredentialState;
  /** Why the worker takes no Clanforge work; only when it does not. */
  reason?: string;
}

export interface CredentialWatchOptions {
  /** How often the keys are looked at again while rejected (a rewritten file is probed at once). */
  fileCheckMs?: number;
  /** First re-probe of unchanged keys after a rejection; doubles up to `maxProbeMs`. */
  firstProbeMs?: number;
  maxProbeMs?: number;
}

/**
 * Keeps the worker's activity gate shut while Clanforge rejects its credentials: shut until the
 * start-up check answers, shut again on any 401 a task gets (the client tells it), and open once
 * a probe is accepted. While rejected it re-reads the keys every second (a rewritten
 * CLANFORGE_CREDENTIALS_FILE is probed at once) and probes unchanged keys with a backoff, so the
 * worker resumes by itself whichever side was fixed.
 */
export class CredentialWatch {
  private state: CredentialState = 'checking';
  private reason?: string = 'clanforge credentials not checked yet';
  private timer?: NodeJS.Timeout;
  private probing = false;
  private stopped = false;
  private probedHeader = '';
  private nextProbeAt = 0;
  private probeDelay: number;
  private readonly fileCheckMs: number;
  private readonly firstProbeMs: number;
  private readonly maxProbeMs: number;

  constructor(
    private readonly client: ClanforgeClient,
    private readonly credentials: CredentialsSource,
    private readonly gate: ActivityGate,
    private readonly log: Logger,
    options: CredentialWatchOptions = {},
  ) {
    this.fileCheckMs = options.fileCheckMs ?? 1_000;
    this.firstProbeMs = options.firstProbeMs ?? 5_000;
    this.maxProbeMs = options.maxProbeMs ?? 120_000;
    this.probeDelay = this.firstProbeMs;
    gate.setOpen(false);
    client.onCredentialsRejected((error) => this.rejected(error.endpoint));
  }

  /** The start-up check (logs its one line); resolves when it has answered. */
  async start(): Promise<void> {
    this.probedHeader = this.credentials.authorizationHeader();
    const verdict = await checkClanforgeCredentials(this.client, this.log);
    // A 401 on the way has already shut the gate (rejected()).
    if (verdict === 'ok') this.accept(false);
    else if (verdict === 'unknown' && this.state === 'checking') {
      this.state = 'unchecked';
      this.reason = undefined;
      this.gate.setOpen(true);
    }
  }

  readiness(): CredentialReadiness {
    const ready = this.state === 'accepted' || this.state === 'unchecked';
    return { ready, state: this.state, ...(ready ? {} : { reason: this.reason }) };
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private rejected(endpoint: string): void {
    if (this.state === 'rejected' || this.stopped) return;
    this.state = 'rejected';
    this.gate.setOpen(false);
    this.reason =
      `clanforge credentials of access key ${this.credentials.accessKey} rejected (HTTP 401 from ${endpoint}) ` +
      `at ${new Date().toISOString()}: ${REJECTED_CONSEQUENCE}`;
    this.log.error(
      { accessKey: this.credentials.accessKey, endpoint, httpStatus: 401 },
      `clanforge credentials rejected: ${REJECTED_CONSEQUENCE}; checking them again`,
    );
    this.probedHeader = this.credentials.authorizationHeader();
    this.probeDelay = this.firstProbeMs;
    this.nextProbeAt = Date.now() + this.probeDelay;
    this.schedule();
  }

  private accept(again: boolean): void {
    this.state = 'accepted';
    this.reason = undefined;
    this.gate.setOpen(true);
    if (again)
      this.log.info(
        { accessKey: this.credentials.accessKey },
        'clanforge credentials accepted again: this worker takes Clanforge work again',
      );
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.fileCheckMs);
    this.timer.unref();
  }

  /** While rejected: probe at once when the keys changed, else when the backoff is due. */
  private async tick(): Promise<void> {
    if (this.state !== 'rejected' || this.probing || this.stopped) return;
    this.credentials.recheck();
    const header = this.credentials.authorizationHeader();
    const changed = header !== this.probedHeader;
    if (changed || Date.now() >= this.nextProbeAt) {
      this.probing = true;
      this.probedHeader = header;
      const { verdict } = await probeClanforgeCredentials(this.client).finally(() => (this.probing = false));
      if (verdict === 'ok') return this.accept(true);
      this.probeDelay = changed ? this.firstProbeMs : Math.min(this.maxProbeMs, this.probeDelay * 2);
      this.nextProbeAt = Date.now() + this.probeDelay;
    }
    this.schedule();
  }
}
