import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

/** The SDK logs every worker state change at INFO; tests only want errors. Call before connecting. */
export function quietTemporalRuntime(): void {
  if (installed) return;
  installed = true;
  Runtime.install({ logger: new DefaultLogger('ERROR') });
}
