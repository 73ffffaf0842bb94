import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { WORKER_ENV } from '../../src/service/environment';

const ROOT = resolve(__dirname, '../..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, { environment?: Record<string, string>; profiles?: string[] }>;
};
const declared = WORKER_ENV.map((v) => v.name).sort();

/** Source files that run inside the worker process. */
function workerSources(): string[] {
  const roots = [
    'src/worker.ts',
    'src/service',
    'src/clanforge',
    'src/activities',
    'src/logging',
    'src/temporal/connection.ts',
    'src/temporal/webUiUrl.ts',
  ];
  const files: string[] = [];
  const walk = (path: string) => {
    if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
    else if (path.endsWith('.ts')) files.push(path);
  };
  for (const root of roots) walk(join(ROOT, root));
  return files;
}

/** Variable names the worker code reads: `env.NAME`, `env['NAME']`, and names handed to helpers. */
function namesReadByCode(): string[] {
  const names = new Set<string>();
  for (const file of workerSources()) {
    if (file.endsWith('environment.ts')) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/env(?:\.|\[')([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
    for (const m of text.matchAll(/'((?:TEMPORAL|CLANFORGE|WORKER|METRICS|LOG)_[A-Z0-9_]+)'/g)) names.add(m[1]!);
  }
  // Mapped onto @temporalio/envconfig's own names, not read under these.
  names.delete('TEMPORAL_TLS_CLIENT_CERT_PATH');
  names.delete('TEMPORAL_TLS_CLIENT_KEY_PATH');
  return [...names].sort();
}

function envExampleKeys(): string[] {
  return readFileSync(join(ROOT, '.env.example'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.slice(0, line.indexOf('=')));
}

describe('deployment wiring', () => {
  it('every variable the worker code reads is declared in WORKER_ENV, and every declared one is read', () => {
    const read = namesReadByCode();
    const viaEnvconfig = ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_API_KEY'];
    expect(read.filter((n) => !declared.includes(n))).toEqual([]);
    expect(declared.filter((n) => !read.includes(n) && !viaEnvconfig.includes(n))).toEqual([]);
  });

  it('the compose worker gets exactly the declared variables', () => {
    expect(Object.keys(compose.services.worker?.environment ?? {}).sort()).toEqual(declared);
  });

  it('.env.example lists the declared variables, plus only what other compose services use', () => {
    const keys = envExampleKeys();
    const extra = keys.filter((k) => !declared.includes(k));
    expect(declared.filter((n) => !keys.includes(n))).toEqual([]);
    const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    for (const key of extra) expect(composeText).toContain(`\${${key}`);
    expect(extra).toEqual(['POSTGRES_PASSWORD']);
  });

  it('no secret has a value in .env.example', () => {
    const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
    for (const v of WORKER_ENV.filter((e) => e.secret)) expect(text).toMatch(new RegExp(`^${v.name}=$`, 'm'));
  });

  it('the simulator is behind a compose profile, and the image runs as non-root with a healthcheck', () => {
    expect(compose.services.simulator?.profiles).toEqual(['simulator']);
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/FROM .* AS build/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
  });

  const composeBinary = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
  it.runIf(composeBinary || process.env.CI)(
    'docker-compose config -q accepts the file, with and without the simulator profile',
    () => {
      const env = { ...process.env, POSTGRES_PASSWORD: 'x', CLANFORGE_ACCESS_KEY: 'a', CLANFORGE_SECRET_KEY: 'b' };
      execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], { cwd: ROOT, env });
      execFileSync('docker-compose', ['-f', 'docker-compose.yml', '--profile', 'simulator', 'config', '-q'], {
        cwd: ROOT,
        env,
      });
    },
  );
});
