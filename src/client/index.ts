/**
 * The client library (the package's `main`): `RolloutClient` with its `rollouts` and `releases`
 * clients, plain functions over a client made from the environment, and the types and errors
 * of the rollout and release contract.
 */
export { RolloutClient } from './rolloutClient';
export { RolloutWorkflowClient } from './rolloutWorkflowClient';
export { ReleaseWorkflowClient } from './releaseWorkflowClient';
export { connectContext, type ClientContext } from './connection';
export { RolloutActionRefused } from './operatorAction';
export type * from './types';
export {
  startRollout,
  getRollout,
  listRollouts,
  cancelRollout,
  retryRollout,
  approveRollout,
  rejectRollout,
  proceedNow,
  unlockRollout,
  watchRollout,
  startRelease,
  getRelease,
  listReleases,
  promoteRelease,
  retryRelease,
  cancelRelease,
  watchRelease,
} from './plainFunctions';

export type { RolloutInput, RolloutOptions } from '../workflows/rollout/input';
export type { Phase, RolloutResult, RolloutStatus, Awaiting, TimelineEntry } from '../workflows/rollout/status';
export type { InstallSummary, FleetCounts, FailedMachine, InstallsPage, InstallRow } from '../activities';
export type { ActionAccepted } from '../workflows/rollout/messages';
export {
  InvalidRolloutInput,
  defaultWorkflowId,
  parseRolloutInput,
  rolloutInputSchema,
} from '../workflows/rollout/input';
export { PHASES } from '../workflows/rollout/status';
export { RolloutConflict, type InputDifference } from '../rollouts/startConflict';
export type { ReleaseInput, ReleaseOptions } from '../workflows/release/input';
export {
  InvalidReleaseInput,
  parseReleaseInput,
  releaseInputSchema,
  defaultReleaseWorkflowId,
} from '../workflows/release/input';
export type { ReleasePhase, ReleaseStatus, ReleaseResult, ReleaseImageStatus } from '../workflows/release/status';
export { RELEASE_PHASES } from '../workflows/release/status';
export { ReleaseConflict, type RunningRollout } from '../rollouts/releaseConflicts';
export { TemporalUnreachable } from '../temporal/connectFast';
