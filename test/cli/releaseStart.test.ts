import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ReleaseConflict } from '../../src/client';
import { fakeClient, run } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'release-cli-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const YAML = `# two waves: the canary image first
releaseId: r142
gameBuild: 1.4.2
installAt: "2026-12-01T10:00:00Z"
defaults:
  diffRetries: 1
images:
  - { accountServiceId: 1001, imageId: 31, machineId: 7 }
  - { accountServiceId: 1001, imageId: 32, machineId: 8, wave: 2, restart: true }
`;
/** What YAML above says, as JSON would. */
const INPUT = {
  releaseId: 'r142',
  gameBuild: '1.4.2',
  installAt: '2026-12-01T10:00:00Z',
  defaults: { diffRetries: 1 },
  images: [
    { accountServiceId: 1001, imageId: 31, machineId: 7 },
    { accountServiceId: 1001, imageId: 32, machineId: 8, wave: 2, restart: true },
  ],
};

/** Runs `release start` and expects a usage error before any call to Temporal; returns its one line. */
async function refused(args: string[]): Promise<string> {
  const client = fakeClient();
  const result = await run(['release', 'start', ...args], client);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.errLines).toHaveLength(1);
  expect(client.startRelease).not.toHaveBeenCalled();
  return result.errLines[0] ?? '';
}

describe('release start -f', () => {
  it('a YAML file: the input as written goes to startRelease', async () => {
    const client = fakeClient();
    const result = await run(['release', 'start', '-f', file('release.yaml', YAML)], client);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(client.startRelease).toHaveBeenCalledWith(INPUT, {});
    expect(result.stdout).toContain('started release release-r142 (run run-1)');
    expect(result.stdout).toContain('release watch release-r142');
  });

  it('a JSON file, --workflow-id and --json', async () => {
    const client = fakeClient();
    const result = await run(
      [
        'release',
        'start',
        '--file',
        file('release.json', JSON.stringify(INPUT)),
        '--workflow-id',
        'release-custom',
        '--json',
      ],
      client,
    );
    expect(result.code).toBe(0);
    expect(client.startRelease).toHaveBeenCalledWith(INPUT, { workflowId: 'release-custom' });
    expect(JSON.parse(result.stdout)).toEqual({
      workflowId: 'release-custom',
      runId: 'run-1',
      started: true,
      adopted: [],
    });
  });

  it('-f - reads stdin', async () => {
    const client = fakeClient();
    const result = await run(['release', 'start', '-f', '-'], client, { stdin: Readable.from([YAML]) });
    expect(result.code).toBe(0);
    expect(client.startRelease).toHaveBeenCalledWith(INPUT, {});
  });

  it('names the rollouts it adopted, and says when it attached to the running release', async () => {
    const client = fakeClient();
    client.startRelease.mockResolvedValueOnce({
      workflowId: 'release-r142',
      runId: 'run-0',
      started: false,
      adopted: ['rollout-1001-31'],
    });
    const result = await run(['release', 'start', '-f', file('adopt.yaml', YAML)], client);
    expect(result.stdout).toContain('attached to the already running release release-r142 (run run-0)');
    expect(result.stdout).toContain('adopted 1 running rollout: rollout-1001-31');
  });

  it('bad input: exit 2, one line with the file and every problem as the schema words it', async () => {
    const bad = YAML.replace('imageId: 32', 'imageId: 0').replace('diffRetries: 1', 'diffRetries: -1');
    const line = await refused(['-f', file('bad.yaml', bad)]);
    expect(line).toMatch(/^clanforge-rollout: .*bad\.yaml: /);
    expect(line).toContain('images[1].imageId: must be a positive integer');
    expect(line).toContain('defaults.diffRetries: must be an integer >= 0');
  });

  it('a file that cannot be read: exit 2 naming it', async () => {
    const missing = join(dir, 'missing.yaml');
    expect(await refused(['-f', missing])).toContain(`cannot read ${missing}: ENOENT`);
  });

  it('YAML or JSON that does not parse: exit 2 naming the file', async () => {
    expect(await refused(['-f', file('broken.yaml', 'releaseId: r1\nimages: [1, 2\n')])).toMatch(
      /broken\.yaml: not valid YAML: /,
    );
    expect(await refused(['-f', file('broken.json', '{"releaseId": ')])).toMatch(/broken\.json: not valid JSON: /);
  });

  it('-f with single-wave flags is refused', async () => {
    expect(await refused(['-f', file('both.yaml', YAML), '--release-id', 'r1', '--image', '1:2:3'])).toContain(
      '-f and --release-id, --image cannot be combined',
    );
  });
});

describe('release start with single-wave flags', () => {
  it('every flag goes into one wave', async () => {
    const client = fakeClient();
    const args = [
      '--release-id',
      'r7',
      '--game-build',
      '1.4.2',
      '--update-url',
      'https://cdn.example/b.zip',
      '--install-at',
      '1796119200',
    ];
    const result = await run(
      ['release', 'start', ...args, '--image', '1001:31:7', '--image', '1001:32:8', '--no-pause', '--notify'],
      client,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(client.startRelease).toHaveBeenCalledWith(
      {
        releaseId: 'r7',
        gameBuild: '1.4.2',
        updateUrl: 'https://cdn.example/b.zip',
        installAt: 1_796_119_200,
        images: [
          { accountServiceId: 1001, imageId: 31, machineId: 7 },
          { accountServiceId: 1001, imageId: 32, machineId: 8 },
        ],
        pauseBetweenWaves: false,
        notify: true,
      },
      {},
    );
  });

  it('only the flags given: the workflow fills the defaults', async () => {
    const client = fakeClient();
    await run(['release', 'start', '--release-id', 'r7', '--image', '1001:31:7'], client);
    expect(client.startRelease).toHaveBeenCalledWith(
      { releaseId: 'r7', images: [{ accountServiceId: 1001, imageId: 31, machineId: 7 }] },
      {},
    );
  });

  it('--release-id and --image are required', async () => {
    expect(await refused([])).toBe('clanforge-rollout: --release-id: is required; --image: is required');
  });

  it('a bad image id is named by its place, as the schema words it', async () => {
    expect(await refused(['--release-id', 'r7', '--image', '1001:31:7', '--image', '1001:x:7'])).toBe(
      'clanforge-rollout: images[1].imageId: must be a positive integer',
    );
  });

  it('an --image that is not ASID:IMAGE:MACHINE', async () => {
    expect(await refused(['--release-id', 'r7', '--image', '1001:31'])).toBe(
      'clanforge-rollout: --image "1001:31": must be ASID:IMAGE:MACHINE, e.g. 1001:31:7',
    );
  });
});

describe('release start refused by the client', () => {
  it('a conflict with running rollouts: exit 1 with its message', async () => {
    const client = fakeClient();
    const conflict = new ReleaseConflict('release-r142', [
      {
        index: 1,
        workflowId: 'rollout-1001-32',
        runId: 'run-9',
        differences: [{ field: 'gameBuild', running: '1.4.1', requested: '1.4.2' }],
      },
    ]);
    client.startRelease.mockRejectedValueOnce(conflict);
    const result = await run(['release', 'start', '-f', file('conflict.yaml', YAML)], client);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.errLines).toEqual([`clanforge-rollout: ${conflict.message}`]);
    expect(result.errLines[0]).toContain(
      'images[1]: rollout-1001-32 is running with a different input (gameBuild: running "1.4.1", requested "1.4.2")',
    );
  });
});
