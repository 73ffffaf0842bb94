// The worker's workflowsPath: every workflow type the worker serves.
export { rollout } from './rollout/rollout';
export { installsPage } from './rollout/installsPage';
export { release } from './release/release';
export { notifications } from './shared/notifications';
export { rollback } from './rollback/rollback';
export { fleetSwitchRead } from './shared/fleetSwitchRead';
export { freeze } from './freeze/freeze';
