import { inject } from 'vitest';
import { runTemporalCli } from './runTemporalCli';

/** Runs the real `temporal` CLI against the test server, as an operator would. */
export function temporalCli(...args: string[]): Promise<string> {
  return runTemporalCli(inject('temporalCli'), inject('temporalAddress'), args);
}
