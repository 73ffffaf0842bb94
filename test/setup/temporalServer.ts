import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { DevServer } from '../../src/temporal/devServer';
import { provisionTemporalCli } from '../../src/temporal/provisionCli';
import { writeWorkflowBundle } from '../support/workflowBundle';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalCli: string;
    /** The workflow code, bundled once for the run; every in-process Worker loads this file. */
    workflowCodePath: string;
  }
}

/**
 * Starts one real Temporal dev server (contract search attributes registered) for the run, and
 * bundles the workflow code once. On a fresh machine the CLI is installed first, project-locally,
 * exactly as `npm run dev` does.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const executable = provisionTemporalCli({ info: (message) => process.stderr.write(`[temporal] ${message}\n`) });
  const bundleDir = mkdtempSync(join(tmpdir(), 'workflow-bundle-'));
  const [server, workflowCodePath] = await Promise.all([
    DevServer.start({ executable }),
    writeWorkflowBundle(bundleDir),
  ]);
  project.provide('temporalAddress', server.address);
  project.provide('temporalCli', server.executable);
  project.provide('workflowCodePath', workflowCodePath);
  return async () => {
    await server.stop();
    rmSync(bundleDir, { recursive: true, force: true });
  };
}
