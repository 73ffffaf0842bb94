import type { RolloutOptions } from './rollout/input';
import type { ReleaseOptions } from './release/input';

/** The Web UI's one-line summary of a rollout (Temporal user metadata, set at start). */
export function rolloutSummary(input: RolloutOptions): string {
  const build = input.gameBuild ? `build ${input.gameBuild}` : 'new build';
  return `Clanforge rollout: ${build} → image ${input.imageId} (ASID ${input.accountServiceId}) from machine ${input.machineId}`;
}

/** The Web UI's static details: the options in words (no credentials ever reach the input). */
export function rolloutDetails(input: RolloutOptions): string {
  const lines = [
    `**Image** ${input.imageId} · **ASID** ${input.accountServiceId} · **reference machine** ${input.machineId}`,
    input.updateUrl ? `**Update from** ${input.updateUrl}` : undefined,
    input.gameBuild ? `**Game build** ${input.gameBuild}` : undefined,
    `**Install at** ${input.installAt === undefined ? 'as soon as the version is ready' : String(input.installAt)}`,
    `**Version options** restart=${input.restart} full=${input.full} force=${input.force}` +
      (input.disableTimeoutMinutes !== undefined
        ? ` disable after ${input.disableTimeoutMinutes} min at ${input.disablePercentage}%`
        : ''),
    `**Diff retries** ${input.diffRetries} · **approval** ${input.requireApproval ? 'required' : 'not required'} · **reinstall on reject** ${input.reinstallOnReject}`,
    input.cutover
      ? `**Go live** on ${input.cutover.fleetKind} fleet ${input.cutover.fleetId} with profile ${input.cutover.profileId} · **bake** ${input.cutover.bakeMinutes} min at ≥ ${input.cutover.minActivePercent}% up · **unhealthy** ${input.cutover.onUnhealthy}`
      : undefined,
  ];
  return lines.filter(Boolean).join('\n\n');
}

/** Images listed per wave in the release's static details; the rest are counted. */
const LISTED_PER_WAVE = 20;

/** The Web UI's one-line summary of a release. */
export function releaseSummary(input: ReleaseOptions): string {
  const waves = Math.max(...input.images.map((image) => image.wave));
  return `Clanforge release ${input.releaseId}: ${input.gameBuild ? `build ${input.gameBuild}` : 'new build'} → ${input.images.length} images in ${waves} wave${waves === 1 ? '' : 's'}`;
}

/** The Web UI's static details of a release: its waves and their images. */
export function releaseDetails(input: ReleaseOptions): string {
  const waves = Math.max(...input.images.map((image) => image.wave));
  const lines = [
    `**Pause between waves** ${input.pauseBetweenWaves ? 'yes: each wave after the first waits for promote' : 'no'}` +
      (input.installAt !== undefined
        ? ` · **install at** ${typeof input.installAt === 'number' ? new Date(input.installAt * 1000).toISOString() : input.installAt}`
        : ''),
  ];
  for (let wave = 1; wave <= waves; wave++) {
    const images = input.images.filter((image) => image.wave === wave);
    const listed = images
      .slice(0, LISTED_PER_WAVE)
      .map((image) => `image ${image.imageId} (ASID ${image.accountServiceId})`);
    const more = images.length > LISTED_PER_WAVE ? ` and ${images.length - LISTED_PER_WAVE} more` : '';
    lines.push(`**Wave ${wave}** ${listed.join(', ')}${more}`);
  }
  return lines.join('\n\n');
}
