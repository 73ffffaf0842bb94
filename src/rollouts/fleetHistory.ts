import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { RollbackResult } from '../contract/rollback/messages';
import type { FleetLive, LaterSwitch, LiveMaker } from '../contract/rollback/live';
import type { RolloutResult } from '../contract/rollout/status';
import { ClanforgeFleetId, ClanforgeImageId, GameBuild } from '../contract/searchAttributes';

/**
 * What went live on a fleet, read from Temporal's visibility (search attribute ClanforgeFleetId,
 * on every rollout with a cutover and on every `rollback`) and the results of those workflows.
 * Shared by the client (rollback, `live`) and the rollback workflow's check (an activity).
 */

/** At most this many of a fleet's workflows are read: the newest decide what is live. */
const HISTORY_LIMIT = 200;

const quoted = (value: string): string => `'${value.replace(/'/g, '')}'`;

/** The fleet's closed-completed workflows of `types`, newest close first (visibility does not order by close time). */
async function completedOf(
  temporal: Client,
  fleetId: string,
  types: ('rollout' | 'rollback')[],
): Promise<WorkflowExecutionInfo[]> {
  const which = types.map((t) => `WorkflowType = ${quoted(t)}`).join(' OR ');
  const query = `(${which}) AND ClanforgeFleetId = ${quoted(fleetId)} AND ExecutionStatus = 'Completed'`;
  const found: WorkflowExecutionInfo[] = [];
  for await (const wf of temporal.workflow.list({ query })) {
    found.push(wf);
    if (found.length >= HISTORY_LIMIT) break;
  }
  return found.sort((a, b) => (b.closeTime?.getTime() ?? 0) - (a.closeTime?.getTime() ?? 0));
}

function resultOf<T>(temporal: Client, wf: WorkflowExecutionInfo): Promise<T> {
  return temporal.workflow.getHandle(wf.workflowId, wf.runId).result() as Promise<T>;
}

/** The profile a rollout's cutover left live (completed: its own; rolled back: the one before), if any. */
function liveAfterRollout(result: RolloutResult): number | undefined {
  if (!result.cutover) return undefined;
  if (result.phase === 'completed') return result.cutover.profileId;
  if (result.phase === 'rolled-back') return result.cutover.previousProfileId;
  return undefined;
}

/**
 * What switched the fleet after `rolloutId` closed at `closedAt`: a rollout whose cutover
 * completed, or a rollback that completed (of this rollout or another). Rolling `rolloutId` back
 * would undo it, or do again what is done. Undefined when nothing did.
 */
export async function laterSwitchOf(
  temporal: Client,
  args: { fleetId: string; rolloutId: string; closedAt: string },
): Promise<LaterSwitch | undefined> {
  const since = Date.parse(args.closedAt);
  // The first switch after it, oldest first: the one a person must deal with.
  for (const wf of (await completedOf(temporal, args.fleetId, ['rollout', 'rollback'])).reverse()) {
    if (wf.workflowId === args.rolloutId || (wf.closeTime?.getTime() ?? 0) <= since) continue;
    if (wf.type === 'rollback') {
      const result = await resultOf<RollbackResult>(temporal, wf);
      if (result.phase === 'completed') return { workflowId: wf.workflowId, type: 'rollback' };
      continue;
    }
    const result = await resultOf<RolloutResult>(temporal, wf);
    if (result.phase === 'completed' && result.cutover) return { workflowId: wf.workflowId, type: 'rollout' };
  }
  return undefined;
}

/** The fleet's rollback workflows in visibility: how many there are (for the next id), and the running one. */
export async function rollbacksOf(temporal: Client, fleetId: string): Promise<{ count: number; running?: string }> {
  const query = `WorkflowType = 'rollback' AND ClanforgeFleetId = ${quoted(fleetId)}`;
  let count = 0;
  let running: string | undefined;
  for await (const wf of temporal.workflow.list({ query })) {
    count += 1;
    if (wf.status.name === 'RUNNING') running ??= wf.workflowId;
  }
  return { count, running };
}

function makerOf(wf: WorkflowExecutionInfo, phase: string, extra: Partial<LiveMaker> = {}): LiveMaker {
  return {
    workflowId: wf.workflowId,
    runId: wf.runId,
    workflowType: wf.type === 'rollback' ? 'rollback' : 'rollout',
    phase,
    closedAt: (wf.closeTime ?? wf.startTime).toISOString(),
    ...extra,
  };
}

/**
 * The fleet's live profile as the last workflow that switched it left it, that workflow, and
 * the image and build of the profile: from the newest rollout that made that profile live.
 */
export async function fleetLiveOf(temporal: Client, fleetId: string): Promise<FleetLive> {
  const history = await completedOf(temporal, fleetId, ['rollout', 'rollback']);
  const live: FleetLive = { fleetId };
  for (const wf of history) {
    if (live.madeLiveBy === undefined) {
      if (wf.type === 'rollback') {
        const result = await resultOf<RollbackResult>(temporal, wf);
        if (result.phase !== 'completed') continue;
        live.profileId = result.profileId;
        live.madeLiveBy = makerOf(wf, result.phase, { by: result.by, reason: result.reason });
        continue;
      }
      const result = await resultOf<RolloutResult>(temporal, wf);
      const profileId = liveAfterRollout(result);
      if (profileId === undefined) continue;
      live.profileId = profileId;
      live.madeLiveBy = makerOf(wf, result.phase);
      if (result.phase === 'rolled-back') continue;
    } else {
      if (wf.type === 'rollback') continue;
      const result = await resultOf<RolloutResult>(temporal, wf);
      if (result.phase !== 'completed' || result.cutover?.profileId !== live.profileId) continue;
    }
    live.imageId = wf.typedSearchAttributes.get(ClanforgeImageId);
    live.gameBuild = wf.typedSearchAttributes.get(GameBuild);
    live.imageRolloutId = wf.workflowId;
    break;
  }
  return live;
}

/** The search attribute a rollback workflow starts with: its fleet. */
export const fleetAttribute = (fleetId: string) => ({ key: ClanforgeFleetId, value: fleetId });
