import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Built Go binaries, one directory per module version, so a second run builds nothing. */
export const GO_BIN_CACHE = join(
  process.env.XDG_CACHE_HOME?.trim() || join(homedir(), '.cache'),
  'clanforge-rollout',
  'go-bin',
);

export interface GoProgram {
  /** Cache key, e.g. temporal-server. */
  name: string;
  /** The package to `go install`, without @version. */
  pkg: string;
  /** The module whose source tree (schema, docker files) the stack also reads. */
  module: string;
  version: string;
  env?: Record<string, string>;
}

/** Where the cached binary of a program is (it exists once ensureGoBinary has run). */
export function goBinaryPath(program: GoProgram): string {
  return join(GO_BIN_CACHE, `${program.name}@${program.version}`, program.pkg.split('/').pop()!);
}

/** `go install pkg@version` into the cache (atomically: a half-built directory never counts). */
export async function ensureGoBinary(program: GoProgram, log: (line: string) => void): Promise<string> {
  const binary = goBinaryPath(program);
  if (existsSync(binary)) return binary;
  const dir = join(binary, '..');
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  log(`go install ${program.pkg}@${program.version} (cached in ${dir})`);
  const started = Date.now();
  await promisify(execFile)('go', ['install', `${program.pkg}@${program.version}`], {
    env: { ...process.env, GOBIN: partial, GOFLAGS: '-buildvcs=false', ...program.env },
    maxBuffer: 64 << 20,
  });
  renameSync(partial, dir);
  log(`built ${program.name}@${program.version} in ${Math.round((Date.now() - started) / 1000)} s`);
  return binary;
}

/** Where `go install` left the module's source (schema files, the image's entrypoint). */
export function goModuleDir(module: string, version: string): string {
  const modcache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  // The module cache escapes capitals as !lowercase.
  const escaped = module.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
  return join(modcache, `${escaped}@${version}`);
}
