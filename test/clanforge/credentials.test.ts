import { mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ClanforgeClient } from '../../src/clanforge/client';
import { clanforgeConfigFromEnv } from '../../src/clanforge/config';
import { CredentialsFile } from '../../src/clanforge/credentialsFile';
import { loadCredentials } from '../../src/clanforge/loadCredentials';
import type { RunningSimulator } from '../../src/simulator/server';
import { admin, startTestSimulator } from '../support/simulator';

const SECRET = 'S3cr3t-never-printed';

describe('loadCredentials', () => {
  it('reads the key pair from the environment and hides the secret', () => {
    const creds = loadCredentials({ CLANFORGE_ACCESS_KEY: 'access', CLANFORGE_SECRET_KEY: SECRET });
    expect(creds.authorizationHeader()).toBe(`Basic ${Buffer.from(`access:${SECRET}`).toString('base64')}`);
    expect(JSON.stringify(creds)).not.toContain(SECRET);
    expect(inspect(creds, { depth: 5 })).not.toContain(SECRET);
    expect(JSON.stringify(creds)).not.toContain(creds.authorizationHeader().slice(6));
  });

  it('reads access:secret from CLANFORGE_CREDENTIALS_FILE', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cf-')), 'creds');
    writeFileSync(file, `# comment\naccess:${SECRET}\n`);
    expect(loadCredentials({ CLANFORGE_CREDENTIALS_FILE: file }).accessKey).toBe('access');
  });

  it('names the variable that is missing or wrong, never the value', () => {
    expect(() => loadCredentials({})).toThrow(
      /CLANFORGE_ACCESS_KEY and CLANFORGE_SECRET_KEY, or CLANFORGE_CREDENTIALS_FILE/,
    );
    expect(() => loadCredentials({ CLANFORGE_SECRET_KEY: SECRET })).toThrow(/CLANFORGE_ACCESS_KEY is required/);
    const file = join(mkdtempSync(join(tmpdir(), 'cf-')), 'creds');
    writeFileSync(file, SECRET);
    let message = '';
    try {
      loadCredentials({ CLANFORGE_CREDENTIALS_FILE: file });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/must hold one line "access:secret"/);
    expect(message).not.toContain(SECRET);
  });
});

describe('clanforgeConfigFromEnv', () => {
  const creds = { CLANFORGE_ACCESS_KEY: 'a', CLANFORGE_SECRET_KEY: 'b' };
  it('defaults to the real API and strips trailing slashes', () => {
    expect(clanforgeConfigFromEnv(creds).baseUrl).toBe('https://api.multiplay.co.uk/cfp/v1');
    expect(clanforgeConfigFromEnv({ ...creds, CLANFORGE_BASE_URL: 'http://127.0.0.1:8780/cfp/v1/' }).baseUrl).toBe(
      'http://127.0.0.1:8780/cfp/v1',
    );
  });
  it('rejects a base URL that is not http(s), naming the variable', () => {
    expect(() => clanforgeConfigFromEnv({ ...creds, CLANFORGE_BASE_URL: 'ftp://x' })).toThrow(/CLANFORGE_BASE_URL/);
  });
});

/** A file source whose log lines the test can read. */
function followed(text: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'cf-')), 'creds');
  writeFileSync(file, text);
  // A whole-second mtime, so a test can put it back exactly after a rewrite.
  utimesSync(file, WHOLE_SECOND, WHOLE_SECOND);
  const lines: { level: number; msg: string; accessKey?: string }[] = [];
  const raw: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => (raw.push(line), lines.push(JSON.parse(line))) });
  return { file, source: new CredentialsFile(file, log), lines, raw };
}

const WHOLE_SECOND = 1_700_000_000;
const header = (access: string, secret: string) => `Basic ${Buffer.from(`${access}:${secret}`).toString('base64')}`;
const K2_SECRET = 'K2-s3cr3t-also-never-printed';

describe('CredentialsFile', () => {
  it('picks up a rewritten file on the next request and logs the new access key once, never the secret', () => {
    const { file, source, lines, raw } = followed(`k1:${SECRET}\n`);
    expect(source.authorizationHeader()).toBe(header('k1', SECRET));
    writeFileSync(file, `# rotated\nk2:${K2_SECRET}\n`);
    expect(source.authorizationHeader()).toBe(header('k2', K2_SECRET));
    expect(source.authorizationHeader()).toBe(header('k2', K2_SECRET));
    expect(source.accessKey).toBe('k2');
    expect(lines.map((l) => [l.msg, l.accessKey])).toEqual([
      ['clanforge credentials changed in CLANFORGE_CREDENTIALS_FILE: using the new keys', 'k2'],
    ]);
    for (const text of [raw.join(''), JSON.stringify(source), inspect(source, { depth: 5 })]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(K2_SECRET);
    }
  });

  it('picks up a file replaced by rename, as a Kubernetes secret or an atomic write does', () => {
    const { file, source } = followed(`k1:${SECRET}\n`);
    writeFileSync(`${file}.new`, `k2:${K2_SECRET}\n`);
    renameSync(`${file}.new`, file);
    expect(source.authorizationHeader()).toBe(header('k2', K2_SECRET));
  });

  it('keeps the last good keys while the file is partial, invalid or gone, and says so once per version', () => {
    const { file, source, lines, raw } = followed(`k1:${SECRET}\n`);
    writeFileSync(file, 'k2:'); // half written: no secret yet
    expect(source.authorizationHeader()).toBe(header('k1', SECRET));
    expect(source.authorizationHeader()).toBe(header('k1', SECRET));
    expect(source.recheck()).toBe(false);
    rmSync(file);
    expect(source.authorizationHeader()).toBe(header('k1', SECRET));
    expect(source.authorizationHeader()).toBe(header('k1', SECRET));
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [40, `CLANFORGE_CREDENTIALS_FILE ${file} must hold one line "access:secret"; still using the last good keys`],
      [40, `CLANFORGE_CREDENTIALS_FILE ${file} cannot be read: ENOENT; still using the last good keys`],
    ]);
    writeFileSync(file, `k2:${K2_SECRET}`);
    expect(source.authorizationHeader()).toBe(header('k2', K2_SECRET));
    expect(raw.join('')).not.toContain(SECRET);
  });

  it('recheck (after a 401) re-reads a rewrite that the stat cannot see', () => {
    const { file, source } = followed(`k1:${SECRET}\n`);
    // Same length, same mtime: the per-request check sees no change, the 401 check reads the file.
    writeFileSync(file, `k2:${SECRET.replace(/./g, 'x')}\n`);
    utimesSync(file, WHOLE_SECOND, WHOLE_SECOND);
    expect(source.authorizationHeader()).toBe(header('k1', SECRET));
    expect(source.recheck()).toBe(true);
    expect(source.authorizationHeader()).toBe(header('k2', SECRET.replace(/./g, 'x')));
    expect(source.recheck()).toBe(false);
  });

  it('keys from the environment never change by themselves', () => {
    const creds = loadCredentials({ CLANFORGE_ACCESS_KEY: 'access', CLANFORGE_SECRET_KEY: SECRET });
    expect(creds.recheck()).toBe(false);
  });
});

describe('a client on a credentials file, against the simulator', () => {
  let sim: RunningSimulator | undefined;
  afterEach(async () => sim?.close());

  it('after a 401, uses the rotated file keys for the same request instead of failing', async () => {
    sim = await startTestSimulator({ credentials: [`k1:${SECRET}`] });
    const { file, source } = followed(`k1:${SECRET}\n`);
    const client = new ClanforgeClient({ baseUrl: sim.url, credentials: source, timeoutMs: 5_000, maxSockets: 2 });
    await client.imageInstallStatus(1);
    await admin(sim).setCredentials([`k2:${SECRET.replace(/./g, 'y')}`]);
    await expect(client.imageInstallStatus(1)).rejects.toMatchObject({ type: 'ClanforgeAuthError', httpStatus: 401 });
    writeFileSync(file, `k2:${SECRET.replace(/./g, 'y')}\n`);
    utimesSync(file, WHOLE_SECOND, WHOLE_SECOND); // only the 401 recheck can find it
    await client.imageInstallStatus(1);
    // The 401, then the same request again with the new keys: nothing loops.
    expect((await admin(sim).stats()).calls['imageinstall/status']).toBe(4);
  });
});
