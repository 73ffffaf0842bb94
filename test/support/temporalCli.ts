import { inject } from 'vitest';
import { runTemporalCli } from './runTemporalCli';

/** Runs the real `temporal` CLI against the test server, as an operator would. */
export function temporalCli(...args: string[]): Promise<string> {
  return runTemporalCli(inject('temporalCli'), inject('temporalAddress'), args);
}

/** `temporal workflow start --type <type>` with plain JSON, as a service in another language would start it. */
export function startByTypeName(type: string, taskQueue: string, workflowId: string, input: unknown): Promise<string> {
  const flags = ['--type', type, '--task-queue', taskQueue, '--workflow-id', workflowId];
  return temporalCli('workflow', 'start', ...flags, '--input', JSON.stringify(input));
}
