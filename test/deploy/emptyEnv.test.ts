import { afterEach, describe, expect, it, vi } from 'vitest';
import { Session } from '../../src/cli/session';
import { createLogger } from '../../src/logging/logger';
import { WORKER_ENV } from '../../src/service/environment';
import { workerConfigFromEnv } from '../../src/service/workerConfig';
import { temporalSettings } from '../../src/temporal/connection';

// docker-compose passes `TEMPORAL_API_KEY: ''` (and the other `${X:-}` variables) into the
// container: an empty (or blank) value must behave exactly like an unset one.
const CLANFORGE_KEYS = { CLANFORGE_ACCESS_KEY: 'access', CLANFORGE_SECRET_KEY: 'secret' };

describe('an empty environment variable means unset', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('temporalSettings: blank TEMPORAL_* values give no API key, no TLS and the defaults', () => {
    const settings = temporalSettings({
      TEMPORAL_ADDRESS: '',
      TEMPORAL_NAMESPACE: '',
      TEMPORAL_TASK_QUEUE: ' ',
      TEMPORAL_API_KEY: '',
      TEMPORAL_TLS_CERT: '',
      TEMPORAL_TLS_KEY: '',
      TEMPORAL_TLS: '',
      TEMPORAL_TLS_CLIENT_CERT_PATH: '',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: '  ',
      TEMPORAL_PROFILE: '',
      TEMPORAL_CONFIG_FILE: '',
    });
    expect(settings.connectionOptions.apiKey).toBeUndefined();
    expect(settings.connectionOptions.tls).toBeUndefined();
    expect(settings.connectionOptions.address).toBe('localhost:7233');
    expect(settings.namespace).toBe('default');
    expect(settings.taskQueue).toBe('clanforge-rollout');
  });

  it('temporalSettings: set values still count (an API key turns TLS on)', () => {
    const settings = temporalSettings({
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'ns',
      TEMPORAL_API_KEY: 'key',
      TEMPORAL_TLS_CERT: '',
    });
    expect(settings.connectionOptions).toMatchObject({ address: 'temporal:7233', apiKey: 'key', tls: true });
    expect(settings.namespace).toBe('ns');
  });

  it('temporalSettings: an empty TLS cert next to a set key is "key without cert"', () => {
    expect(() => temporalSettings({ TEMPORAL_TLS_CERT: '', TEMPORAL_TLS_KEY: '/secrets/client.key' })).toThrow(
      /must be set together/,
    );
  });

  it('workerConfigFromEnv: every compose variable empty except the Clanforge keys is the same as unset', () => {
    const allEmpty = Object.fromEntries(WORKER_ENV.map((v) => [v.name, '']));
    const fromEmpty = workerConfigFromEnv({ ...allEmpty, ...CLANFORGE_KEYS });
    const fromUnset = workerConfigFromEnv({ ...CLANFORGE_KEYS });
    expect(fromEmpty.temporal.connectionOptions.apiKey).toBeUndefined();
    expect(fromEmpty.temporal.connectionOptions.tls).toBeUndefined();
    expect(fromEmpty.metricsPort).toBeUndefined();
    expect(fromEmpty.webhookUrl).toBeUndefined();
    // Credentials keep their secret in a closure; compare what JSON shows (the access key).
    expect(JSON.parse(JSON.stringify(fromEmpty))).toEqual(JSON.parse(JSON.stringify(fromUnset)));
  });

  it('the CLI falls back to the default address when TEMPORAL_ADDRESS is empty', () => {
    const out = { write: () => true };
    // A lone TLS cert makes temporalSettings throw, so the CLI's own fallback is what answers.
    const session = new Session({
      stdout: out,
      stderr: out,
      isTTY: false,
      env: { TEMPORAL_ADDRESS: '', TEMPORAL_TLS_CERT: '/x.pem' },
    });
    expect(session.address()).toBe('localhost:7233');
  });

  it('createLogger: an empty LOG_LEVEL logs at info', () => {
    vi.stubEnv('LOG_LEVEL', '');
    expect(createLogger('empty-env-test').level).toBe('info');
  });
});
