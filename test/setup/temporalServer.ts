import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { DevServer } from '../../src/temporal/devServer';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalCli: string;
  }
}

/** Starts one real Temporal dev server (contract search attributes registered) for the run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await DevServer.start();
  project.provide('temporalAddress', server.address);
  project.provide('temporalCli', server.executable);
  return () => server.stop();
}
