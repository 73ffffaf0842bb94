/** Public surface of the Clanforge simulator, for tests and tooling (`npm run dev`, bench). */
export { startSimulator, type RunningSimulator } from './server';
export { parseCliArgs, resolveOptions, DEFAULT_PORT, DEFAULT_CREDENTIALS, type SimulatorOptions } from './options';
export { parseFaultSpec, parseFaultJson, faultsToJson, type FaultConfig } from './faults';
export { TEMPLATES, type Template } from './stats';
export { JOB_KINDS, STATE_NAMES, type JobKind } from './jobs';
