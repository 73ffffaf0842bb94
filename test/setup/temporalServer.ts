import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { DevServer } from '../../src/temporal/devServer';
import { provisionTemporalCli } from '../../src/temporal/provisionCli';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalCli: string;
  }
}

/**
 * Starts one real Temporal dev server (contract search attributes registered) for the run. On a
 * fresh machine the CLI is installed first, project-locally, exactly as `npm run dev` does.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const executable = provisionTemporalCli({ info: (message) => process.stderr.write(`[temporal] ${message}\n`) });
  const server = await DevServer.start({ executable });
  project.provide('temporalAddress', server.address);
  project.provide('temporalCli', server.executable);
  return () => server.stop();
}
