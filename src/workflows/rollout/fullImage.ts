import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { ClanforgeFullImage } from '../../contract/searchAttributes';
import { temporalReads } from '../shared/activities';
import { unregisteredAttributes } from '../shared/searchAttributes';
import type { RolloutContext } from './context';
import type { FollowedJob } from './followWatched';

/** Whether the version is full, and why, in words (status and result `fullImage`). */
export interface FullImageDecision {
  full: boolean;
  why: string;
}

/**
 * Decides `full` for the version create. In order: the input asks for it; the diff is empty
 * (Clanforge only makes a full image of an empty diff, and refuses a full one right after a full
 * one: its refusal is then shown as any other); `fullEvery` N says this is the Nth version since
 * the last full one, counted from Temporal's visibility (ClanforgeFullImage on earlier rollouts).
 */
export async function decideFullImage(
  ctx: RolloutContext,
  diff: FollowedJob,
  recordable: boolean,
): Promise<FullImageDecision> {
  const { input } = ctx;
  if (input.full) return { full: true, why: 'requested (input full)' };
  if (diff.diff?.empty === true)
    return { full: true, why: `diff ${diff.job.id} is empty: Clanforge makes a full image of an empty diff` };
  if (input.fullEvery === undefined) return { full: false, why: 'differential (not requested)' };
  if (!recordable)
    return {
      full: false,
      why: `fullEvery ${input.fullEvery}: not counted, search attribute ${ClanforgeFullImage.name} is not registered`,
    };
  const seen = await temporalReads.versionsSinceFull({
    accountServiceId: input.accountServiceId,
    imageId: input.imageId,
    selfRunId: workflowInfo().runId,
  });
  const nth = seen.sinceFull + 1;
  if (nth >= input.fullEvery)
    return { full: true, why: `fullEvery ${input.fullEvery}: version ${nth} since the last full one` };
  return {
    full: false,
    why: `fullEvery ${input.fullEvery}: version ${nth} since the last full one (full in ${input.fullEvery - nth} more)`,
  };
}

/**
 * Whether the namespace has ClanforgeFullImage (asked once, before the version create). Without it
 * the rollout neither counts nor marks versions, and keeps a warning saying so to its end.
 */
export async function fullImageRecordable(ctx: RolloutContext): Promise<boolean> {
  const missing = await unregisteredAttributes(
    [{ name: ClanforgeFullImage.name, consequence: 'fullEvery cannot count this version' }],
    (text) => ctx.tracker.warnUntilEnd('version', text),
  );
  return !missing.has(ClanforgeFullImage.name);
}

/** Marks this rollout's version in visibility, so later rollouts of the image can count. */
export function recordFullImage(full: boolean): void {
  upsertSearchAttributes([{ key: ClanforgeFullImage, value: full }]);
}
