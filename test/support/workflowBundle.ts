import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PRELOADED_MODULES, WORKFLOWS_PATH } from '../../src/service/workflowBundle';

/**
 * Bundles the product's workflow code once and writes it to `dir`; every in-process Worker of the
 * run then loads that file (`workflowBundle: { codePath }`) instead of bundling again.
 */
export async function writeWorkflowBundle(dir: string): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    preloadModules: PRELOADED_MODULES,
    logger: silentLogger(),
  });
  mkdirSync(dir, { recursive: true });
  const codePath = join(dir, 'workflow-bundle.js');
  writeFileSync(codePath, code);
  return codePath;
}

/** The bundler and the SDK log at every level; tests only want failures, which throw anyway. */
export function silentLogger() {
  const noop = () => undefined;
  return { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
}
