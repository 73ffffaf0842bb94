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
export { FreezeClient, FreezeRefused } from './freezeClient';
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
  rollbackRollout,
  fleetLive,
  freeze,
  unfreeze,
  freezeState,
  watchRollout,
  startRelease,
  getRelease,
  listReleases,
  promoteRelease,
  retryRelease,
  cancelRelease,
  watchRelease,
} from './plainFunctions';

export type { RolloutInput, RolloutOptions } from '../contract/rollout/input';
export type {
  Phase,
  RolloutResult,
  RolloutStatus,
  Awaiting,
  TimelineEntry,
  ClosedExecution,
} from '../contract/rollout/status';
export type { InstallSummary, FleetCounts, FailedMachine } from '../contract/installs';
export type { InstallsPage, InstallRow } from '../activities';
export type { ActionAccepted } from '../contract/rollout/messages';
export type { FleetLive, LiveMaker } from '../contract/rollback/live';
export type { RollbackInput, RollbackStatus, RollbackResult, RollbackPhase } from '../contract/rollback/messages';
export { rollbackWorkflowId } from '../contract/rollback/workflowId';
export type { FreezeRecord, FreezeRequest, FreezeState, UnfreezeRequest } from '../contract/freeze/state';
export { FREEZE_WORKFLOW_ID, frozenText } from '../contract/freeze/state';
export type { DeploymentWindow } from '../contract/windows/input';
export { nextOpening } from '../contract/windows/nextOpening';
export { InvalidRolloutInput, defaultWorkflowId, parseRolloutInput } from '../contract/rollout/input';
export { PHASES } from '../contract/rollout/status';
export { RolloutConflict } from '../rollouts/startConflict';
export type { InputDifference, RunningRollout } from '../contract/releaseConflictText';
export type { ReleaseInput, ReleaseOptions } from '../contract/release/input';
export { InvalidReleaseInput, parseReleaseInput, defaultReleaseWorkflowId } from '../contract/release/input';
export { rolloutInputSchema, releaseInputSchema } from './inputSchemas';
export type { ReleasePhase, ReleaseStatus, ReleaseResult, ReleaseImageStatus } from '../contract/release/status';
export { RELEASE_PHASES } from '../contract/release/status';
export { ReleaseConflict } from '../rollouts/releaseConflicts';
export { TemporalUnreachable } from '../temporal/connectFast';
