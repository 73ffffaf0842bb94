import { composeRolloutInput, type ReleaseImage, type ReleaseOptions } from '../../contract/release/input';
import type { ReleaseImageStatus } from '../../contract/release/status';
import { defaultWorkflowId, rolloutInputSchema, type RolloutOptions } from '../../contract/rollout/input';
import { reads } from '../shared/activities';
import { describeFailure } from '../shared/failures';
import type { ReleaseTracker } from './tracker';

/** The status row of an entry that gives a pair, before its wave reads which image to roll. */
export function pairRow(entry: ReleaseImage & { pair: NonNullable<ReleaseImage['pair']> }, wave: number) {
  const { fleetId, images } = entry.pair;
  return {
    workflowId: `pair-${entry.accountServiceId}-${fleetId}`,
    accountServiceId: entry.accountServiceId,
    imageId: images[0]!.imageId,
    wave,
    phase: 'pending',
    progress: `waiting for its wave (pair on fleet ${fleetId}: image ${images[0]!.imageId} or ${images[1]!.imageId})`,
    starts: 0,
    pair: { fleetId, imageIds: images.map((side) => side.imageId) },
  } satisfies ReleaseImageStatus;
}

/**
 * Picks the image of a pair whose profile is not live (read now, at its wave, so each pair
 * chooses by itself) and turns the row into that image's: its rollout id, image and a note. A
 * switch under way counts as live where it goes. Returns the rollout input, or why none can be chosen.
 */
export async function choosePairSide(
  release: ReleaseOptions,
  entry: ReleaseImage,
  image: ReleaseImageStatus,
  tracker: ReleaseTracker,
): Promise<RolloutOptions | { problem: string }> {
  const pair = entry.pair!;
  const [a, b] = pair.images as [(typeof pair.images)[0], (typeof pair.images)[0]];
  tracker.image(image, { progress: `reading the live profile of fleet ${pair.fleetId}` });
  let live: number | undefined;
  let why: string;
  try {
    const plan = await reads.cutoverPlan({
      accountServiceId: entry.accountServiceId,
      fleetId: pair.fleetId,
      fleetKind: pair.fleetKind,
      profileId: a.profileId,
    });
    live = plan.switchInProgress?.profileId ?? plan.liveProfileId;
    why = plan.switchInProgress ? ` (a switch to ${plan.switchInProgress.profileId} is under way)` : '';
    if (live === undefined) return { problem: `pair ${pair.fleetId}: no live profile: ${plan.problems.join('; ')}` };
  } catch (error) {
    return { problem: `pair ${pair.fleetId}: could not read its live profile: ${describeFailure(error)}` };
  }
  if (live !== a.profileId && live !== b.profileId)
    return {
      problem: `pair ${pair.fleetId}: live profile ${live} is neither ${a.profileId} nor ${b.profileId}: cannot tell which image is idle`,
    };
  const side = live === a.profileId ? 1 : 0;
  const chosen = pair.images[side]!;
  const input = rolloutInputSchema().parse(composeRolloutInput(release, entry, side));
  const note = `pair ${pair.fleetId}: profile ${chosen.profileId} idle, image ${chosen.imageId} chosen${why}`;
  tracker.image(image, {
    workflowId: defaultWorkflowId(input),
    imageId: chosen.imageId,
    pair: { ...image.pair!, chosenImageId: chosen.imageId, note },
    phase: input.updateUrl ? 'updating' : 'diffing',
    progress: 'starting',
  });
  tracker.note(note);
  return input;
}
