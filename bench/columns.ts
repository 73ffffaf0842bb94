import type { CutoverBenchResult } from './cutover';
import type { FreezeBenchResult } from './freeze';
import type { ParkedResult } from './parked';
import type { ReleaseBenchResult } from './release';
import type { ScenarioResult } from './scenario';

// The columns of the tables `npm run bench` prints: [field, title].

// The last columns of the rollout and release tables: what the run cost and how it ended.
const RUN_COLUMNS: [keyof ScenarioResult & keyof ReleaseBenchResult, string][] = [
  ['workerRssMb', 'worker MB'],
  ['workerCpuSeconds', 'worker cpu s'],
  ['temporalCpuSeconds', 'temporal cpu s'],
  ['completed', 'ok'],
  ['failed', 'failed'],
  ['seconds', 'took s'],
];

export const COLUMNS: [keyof ScenarioResult, string][] = [
  ['scenario', 'scenario'],
  ['workers', 'workers'],
  ['rollouts', 'n'],
  ['warm', 'warm'],
  ['overheadRatio', 'overhead'],
  ['statusCallsPerJob', 'calls/job'],
  ['baselineStatusCallsPerJob', '5s-poll calls/job'],
  ['baseline30sStatusCallsPerJob', '30s-poll calls/job'],
  ['lagP50Ms', 'lag p50 ms'],
  ['lagP95Ms', 'lag p95 ms'],
  ['baselineLagP50Ms', '5s-poll lag p50'],
  ['historyEvents', 'history'],
  ['serverRpcsPerRollout', 'server rpc'],
  ['heartbeatRpcsPerRollout', 'heartbeat rpc'],
  ['callsQueuedPerJob', 'calls queued'],
  ['callsEarlyPerJob', 'calls early'],
  ['callsOverduePerJob', 'calls overdue'],
  ['activitySlotsPeak', 'slots peak'],
  ...RUN_COLUMNS,
];

export const PARKED_COLUMNS: [keyof ParkedResult, string][] = [
  ['scenario', 'scenario'],
  ['rollouts', 'n'],
  ['parked', 'parked'],
  ['parkSeconds', 'parking took s'],
  ['workerRssMb', 'worker MB parked'],
  ['workerCpuSeconds', 'worker cpu s idle'],
  ['idleSeconds', 'idle window s'],
  ['temporalCpuSeconds', 'temporal cpu s idle'],
];

export const RELEASE_COLUMNS: [keyof ReleaseBenchResult, string][] = [
  ['scenario', 'scenario'],
  ['images', 'n'],
  ['waves', 'waves'],
  ['overheadRatio', 'overhead'],
  ['wallSeconds', 'wall s'],
  ['idealSumSeconds', 'ideal s'],
  ['waveHandoffMs', 'handoff ms'],
  ['historyEvents', 'history'],
  ['historyEventsMaxRun', 'history max run'],
  ['runs', 'runs'],
  ['rolloutHistoryEvents', 'rollout history'],
  ['serverRpcsPerRollout', 'server rpc'],
  ...RUN_COLUMNS,
];

export const FREEZE_COLUMNS: [keyof FreezeBenchResult, string][] = [
  ['scenario', 'scenario'],
  ['rollouts', 'n'],
  ['freezeMs', 'freeze ms'],
  ['heldAllSeconds', 'all held s'],
  ['lastCreateAfterDueSeconds', 'last create after due s'],
  ['holdMsMax', 'hold ms max'],
  ['createsWhileFrozen', 'creates frozen'],
  ['eventsToHeld', 'events to held'],
  ['eventsWhileHeld', 'events while held'],
  ['frozenSeconds', 'frozen s'],
  ['signalsWhileFrozen', 'signals'],
  ['waitsReleasedSeconds', 'waits released s'],
  ['releasedAllSeconds', 'all out of frozen s'],
  ['completed', 'ok'],
  ['workerCpuSeconds', 'worker cpu s'],
  ['seconds', 'took s'],
];

export const CUTOVER_COLUMNS: [keyof CutoverBenchResult, string][] = [
  ['scenario', 'scenario'],
  ['servers', 'servers'],
  ['batches', 'batches'],
  ['overheadRatio', 'overhead'],
  ['switchSeconds', 'switch s'],
  ['seenSeconds', 'seen after s'],
  ['switchStatusCalls', 'status calls'],
  ['switchPatches', 'patches'],
  ['historyEvents', 'history'],
  ['historyBytes', 'history bytes'],
  ['largestPayloadBytes', 'largest payload'],
  ['workerRssMb', 'worker MB'],
  ['workerCpuSeconds', 'worker cpu s'],
  ['completed', 'ok'],
  ['seconds', 'took s'],
];
