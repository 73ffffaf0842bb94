import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ComposeInterpolationError, interpolate, loadCompose } from '../stack/compose';
import { SEARCH_ATTRIBUTE_FLAGS } from '../../src/contract/searchAttributes';

// docker-compose.yml read as `docker compose config` reads it (the native stack test runs it:
// npm run test:stack). These are the checks that need no running service.
const ROOT = resolve(__dirname, '../..');
const FILE = join(ROOT, 'docker-compose.yml');
const ONLY_FILE = { POSTGRES_PASSWORD: 'pw', CLANFORGE_CREDENTIALS_FILE: '/home/studio/clanforge.secret' };

describe('compose interpolation (the spec, as docker compose applies it)', () => {
  it('handles $$, defaults, required and alternate values', () => {
    const env = { SET: 'x', EMPTY: '' };
    expect(interpolate('$$HOME ${SET} $SET', env, 't')).toBe('$HOME x x');
    expect(interpolate('${EMPTY:-d} ${EMPTY-d} ${UNSET-d}', env, 't')).toBe('d  d');
    expect(interpolate('${SET:+alt} ${EMPTY:+alt} ${EMPTY+alt}', env, 't')).toBe('alt  alt');
    expect(() => interpolate('${EMPTY:?needed}', env, 'where')).toThrow(
      /where: required variable EMPTY is missing a value: needed/,
    );
    expect(interpolate('${EMPTY?needed}', env, 't')).toBe('');
  });
});

describe('docker-compose.yml', () => {
  it('starts with only CLANFORGE_CREDENTIALS_FILE set: no profile demands the access keys', () => {
    for (const profiles of [[], ['simulator']]) {
      expect(() => loadCompose(FILE, ONLY_FILE, profiles)).not.toThrow(ComposeInterpolationError);
    }
  });

  it('mounts the credentials file into worker and simulator at the path the variable names', () => {
    const withFile = loadCompose(FILE, ONLY_FILE, ['simulator']).services;
    for (const name of ['worker', 'simulator']) {
      expect(withFile[name]!.environment.CLANFORGE_CREDENTIALS_FILE).toBe('/home/studio/clanforge.secret');
      expect(withFile[name]!.volumes).toContainEqual({
        source: '/home/studio/clanforge.secret',
        target: '/home/studio/clanforge.secret',
        named: false,
      });
    }
    const withKeys = loadCompose(FILE, {
      POSTGRES_PASSWORD: 'pw',
      CLANFORGE_ACCESS_KEY: 'a',
      CLANFORGE_SECRET_KEY: 'b',
    }).services;
    expect(withKeys.worker!.environment.CLANFORGE_CREDENTIALS_FILE).toBe('');
  });

  it('gives the Temporal server the dynamic config file its embedded template always names', () => {
    const temporal = loadCompose(FILE, ONLY_FILE).services.temporal!;
    const path = temporal.environment.DYNAMIC_CONFIG_FILE_PATH;
    expect(path, 'DYNAMIC_CONFIG_FILE_PATH (the image ships no docker.yaml)').toBeTruthy();
    // Relative paths resolve from the image's WORKDIR, /etc/temporal.
    const inContainer = path!.startsWith('/') ? path! : `/etc/temporal/${path!}`;
    const mount = temporal.volumes.find((v) => inContainer.startsWith(`${v.target}/`));
    expect(mount, `a volume that holds ${inContainer}`).toBeDefined();
    expect(existsSync(join(mount!.source, relative(mount!.target, inContainer)))).toBe(true);
  });

  it('registers the search attributes the rollout uses in the setup job', () => {
    const setup = loadCompose(FILE, ONLY_FILE).services['temporal-setup']!.command!.join(' ');
    for (const name of SEARCH_ATTRIBUTE_FLAGS) expect(setup).toContain(name);
  });

  const composeBinary = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
  it.runIf(composeBinary || process.env.CI)(
    'docker-compose config -q accepts it with only CLANFORGE_CREDENTIALS_FILE set',
    () => {
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...ONLY_FILE };
      execFileSync('docker-compose', ['-f', FILE, 'config', '-q'], { cwd: ROOT, env });
      execFileSync('docker-compose', ['-f', FILE, '--profile', 'simulator', 'config', '-q'], { cwd: ROOT, env });
    },
  );
});
