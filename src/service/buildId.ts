import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** Both from src/service (tsx) and lib/service (built): the package root is two levels up. */
const PACKAGE_ROOT = resolve(__dirname, '../..');
/** Written by `npm run build` beside the compiled code (lib/build-id.json); absent when running from src. */
export const BUILD_ID_FILE = resolve(__dirname, '../build-id.json');

/** The package version, from package.json (shipped in the image next to lib/). */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string };
  if (!manifest.version) throw new Error(`no version in ${join(PACKAGE_ROOT, 'package.json')}`);
  return manifest.version;
}

/**
 * This code's Worker Deployment build id, `<package version>+<revision>`, e.g. `1.0.0+3f2c1ab`:
 * CLANFORGE_BUILD_ID when set; else the one `npm run build` wrote (lib/build-id.json); else the
 * git commit of a checkout (`npm run dev`, tests); else a hash of src/.
 */
export function resolveBuildId(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.CLANFORGE_BUILD_ID?.trim();
  if (override) return override;
  const written = readBuildIdFile();
  if (written) return written;
  return computeBuildId();
}

/** What the build records: the commit when there is a checkout, else a hash of the sources (a Docker build has no .git). */
export function computeBuildId(): string {
  return `${packageVersion()}+${gitCommit() ?? `src.${sourceHash(join(PACKAGE_ROOT, 'src'))}`}`;
}

function readBuildIdFile(): string | undefined {
  if (!existsSync(BUILD_ID_FILE)) return undefined;
  const parsed = JSON.parse(readFileSync(BUILD_ID_FILE, 'utf8')) as { buildId?: unknown };
  return typeof parsed.buildId === 'string' && parsed.buildId ? parsed.buildId : undefined;
}

function gitCommit(): string | undefined {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: PACKAGE_ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5_000,
    })
      .toString()
      .trim();
    return /^[0-9a-f]{4,40}$/.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

/** 12 hex digits of SHA-256 over every file's path and content under `dir`, in a fixed order. */
export function sourceHash(dir: string): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(dir)) {
    hash.update(relative(dir, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}
