import { describe, expect, it } from 'vitest';
import { fakeClient, run } from './helpers';
import { releaseStatus } from './releaseHelpers';

// With TEMPORAL_UI_URL set, start and status (rollout and release) print where the workflow is in
// the Web UI, and --json adds it as webUiUrl; unset, nothing changes.
const UI = { TEMPORAL_ADDRESS: '127.0.0.1:1', TEMPORAL_UI_URL: 'https://temporal.example.com/' };

describe('Web UI links', () => {
  it('start: a last `web ui:` line, in the default namespace', async () => {
    const result = await run(['start', '--asid', '1001', '--image', '31', '--machine', '7'], fakeClient(), { env: UI });
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(
      'web ui: https://temporal.example.com/namespaces/default/workflows/rollout-1001-31',
    );
  });

  it('status: the line in TEMPORAL_NAMESPACE; --json adds webUiUrl', async () => {
    const env = { ...UI, TEMPORAL_NAMESPACE: 'games' };
    const human = await run(['status', 'rollout-1001-31'], fakeClient(), { env });
    expect(human.stdout).toContain(
      '\nweb ui: https://temporal.example.com/namespaces/games/workflows/rollout-1001-31\n',
    );
    const json = JSON.parse(
      (await run(['status', 'rollout-1001-31', '--json'], fakeClient(), { env })).stdout,
    ) as Record<string, unknown>;
    expect(json).toMatchObject({
      phase: 'diffing',
      webUiUrl: 'https://temporal.example.com/namespaces/games/workflows/rollout-1001-31',
    });
  });

  it('release start and status link the release workflow, whether named by releaseId or workflow id', async () => {
    const client = fakeClient();
    const started = await run(['release', 'start', '--release-id', 'r142', '--image', '1001:31:7'], client, {
      env: UI,
    });
    expect(started.stdout).toContain(
      'web ui: https://temporal.example.com/namespaces/default/workflows/release-r142\n',
    );
    for (const id of ['r142', 'release-r142']) {
      expect((await run(['release', 'status', id], client, { env: UI })).stdout).toMatch(
        /web ui: \S+\/workflows\/release-r142\n$/,
      );
    }
    client.getRelease.mockResolvedValueOnce(releaseStatus({ releaseId: 'r9' }));
    const custom = JSON.parse(
      (await run(['release', 'status', 'release-custom', '--json'], client, { env: UI })).stdout,
    ) as { webUiUrl?: string };
    expect(custom.webUiUrl).toBe('https://temporal.example.com/namespaces/default/workflows/release-custom');
  });

  it('without TEMPORAL_UI_URL (or with it empty): no line and no field', async () => {
    for (const env of [{}, { TEMPORAL_UI_URL: '' }]) {
      const human = await run(['status', 'rollout-1001-31'], fakeClient(), { env });
      expect(human.stdout).not.toContain('web ui');
      const json = JSON.parse(
        (await run(['start', '--asid', '1001', '--image', '31', '--machine', '7', '--json'], fakeClient(), { env }))
          .stdout,
      ) as object;
      expect(json).not.toHaveProperty('webUiUrl');
    }
  });

  it('an invalid TEMPORAL_UI_URL: exit 2 naming it, and nothing is started', async () => {
    const client = fakeClient();
    const result = await run(['start', '--asid', '1001', '--image', '31', '--machine', '7'], client, {
      env: { TEMPORAL_UI_URL: 'temporal.example.com' },
    });
    expect(result.code).toBe(2);
    expect(result.errLines).toEqual([
      'clanforge-rollout: TEMPORAL_UI_URL must be an http(s) URL such as http://localhost:8080, got "temporal.example.com"',
    ]);
    expect(client.startRollout).not.toHaveBeenCalled();
  });
});
