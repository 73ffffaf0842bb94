import { describe, expect, it } from 'vitest';
import { webUiBaseFrom, workflowUiUrl } from '../../src/temporal/webUiUrl';
import { workerConfigFromEnv } from '../../src/service/workerConfig';

// ROLLOUT_WEBHOOK_FORMAT and TEMPORAL_UI_URL as the worker reads them at start.
const KEYS = { CLANFORGE_ACCESS_KEY: 'access', CLANFORGE_SECRET_KEY: 'secret' };

describe('worker webhook settings', () => {
  it('ROLLOUT_WEBHOOK_FORMAT: json unless set (empty is unset); slack and discord in any case', () => {
    expect(workerConfigFromEnv(KEYS).webhookFormat).toBe('json');
    expect(workerConfigFromEnv({ ...KEYS, ROLLOUT_WEBHOOK_FORMAT: ' ' }).webhookFormat).toBe('json');
    expect(workerConfigFromEnv({ ...KEYS, ROLLOUT_WEBHOOK_FORMAT: 'Slack' }).webhookFormat).toBe('slack');
    expect(workerConfigFromEnv({ ...KEYS, ROLLOUT_WEBHOOK_FORMAT: 'discord' }).webhookFormat).toBe('discord');
  });

  it('an unknown format stops the worker with the variable and the allowed values', () => {
    expect(() => workerConfigFromEnv({ ...KEYS, ROLLOUT_WEBHOOK_FORMAT: 'teams' })).toThrow(
      'ROLLOUT_WEBHOOK_FORMAT must be one of json, slack, discord, got "teams"',
    );
  });

  it('TEMPORAL_UI_URL: an http(s) URL, trailing slash dropped; unset or empty is no links; anything else an error naming it', () => {
    expect(workerConfigFromEnv({ ...KEYS, TEMPORAL_UI_URL: 'http://localhost:8080/' }).webUiUrl).toBe(
      'http://localhost:8080',
    );
    expect(workerConfigFromEnv({ ...KEYS, TEMPORAL_UI_URL: '' }).webUiUrl).toBeUndefined();
    expect(() => workerConfigFromEnv({ ...KEYS, TEMPORAL_UI_URL: 'localhost:8080' })).toThrow(
      /^TEMPORAL_UI_URL must be an http\(s\) URL/,
    );
    expect(webUiBaseFrom({ TEMPORAL_UI_URL: 'https://cloud.temporal.io' })).toBe('https://cloud.temporal.io');
  });

  it('a workflow page: <base>/namespaces/<ns>/workflows/<id>, both encoded', () => {
    expect(workflowUiUrl({ baseUrl: 'http://localhost:8080', namespace: 'default' }, 'rollout-1001-42')).toBe(
      'http://localhost:8080/namespaces/default/workflows/rollout-1001-42',
    );
    expect(workflowUiUrl({ baseUrl: 'https://ui', namespace: 'games.a1b2c' }, 'a b/c')).toBe(
      'https://ui/namespaces/games.a1b2c/workflows/a%20b%2Fc',
    );
  });
});
