// The worker's workflowsPath: every workflow type the worker serves.
export { rollout } from './rollout';
export { installsPage } from './installsPage';
