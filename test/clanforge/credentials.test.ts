import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { clanforgeConfigFromEnv } from '../../src/clanforge/config';
import { loadCredentials } from '../../src/clanforge/credentials';

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
