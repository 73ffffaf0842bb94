// `npm run test:stack`, step 1 (outside the test's network namespace, since it downloads): the
// system packages, the temporal CLI, the Go binaries of the compose images' versions (cached per
// version), and the worker image built as its Dockerfile says. Writes .stack/manifest.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { provisionTemporalCli } from '../../src/temporal/provisionCli';
import { findChromium } from '../support/chromium';
import { loadCompose } from './compose';
import { ensureGoBinary } from './goBinaries';
import { DEBIAN_PROMETHEUS, goProgramsFor, prepareImages, ROOT, STACK_DIR } from './images';
import { hostsFile, MANIFEST, STACK_PROFILES, stackEnv } from './stackEnv';

const log = (line: string) => process.stdout.write(`[stack] ${line}\n`);
const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

const postgresInstalled = () =>
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/postgres`));

/** Debian packages the native stack needs, installed when missing (as root; CI runs as root). */
function ensurePackages(): void {
  const wanted: [string, boolean][] = [
    ['postgresql', postgresInstalled() && has('pg_isready')],
    ['netcat-openbsd', has('nc')], // the temporal service's healthcheck: nc -z localhost 7233
    ['chromium', findChromium() !== undefined],
    ['iproute2', has('ip')],
    ['prometheus', existsSync(DEBIAN_PROMETHEUS)], // stands in for prom/prometheus
  ];
  const missing = wanted.filter(([, present]) => !present).map(([name]) => name);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0)
    throw new Error(
      `missing Debian packages: ${missing.join(' ')} (install them as root: apt-get install ${missing.join(' ')})`,
    );
  log(`apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { env, stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { env, stdio: 'inherit' });
}

async function main(): Promise<void> {
  const started = Date.now();
  ensurePackages();
  const temporalCli = provisionTemporalCli({ info: log });
  const project = loadCompose(join(ROOT, 'docker-compose.yml'), stackEnv(), STACK_PROFILES);
  const imageNames = new Set(Object.values(project.services).flatMap((s) => (s.image ? [s.image] : [])));
  await Promise.all([...imageNames].flatMap(goProgramsFor).map((program) => ensureGoBinary(program, log)));
  const images = prepareImages(project, temporalCli, log);
  writeFileSync(join(STACK_DIR, 'hosts'), hostsFile(Object.keys(project.services)));
  writeFileSync(MANIFEST, JSON.stringify({ images, temporalCli, chromium: findChromium() }, null, 2));
  for (const image of Object.values(images)) if (image.note) log(image.note);
  if (!existsSync(MANIFEST)) throw new Error('manifest not written');
  log(`provisioned in ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[stack] provisioning failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
