import type { RolloutOptions } from '../workflows/rollout/input';

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
      (input.disableTimeoutMinutes !== undefined ? ` disable after ${input.disableTimeoutMinutes} min at ${input.disablePercentage}%` : ''),
    `**Diff retries** ${input.diffRetries} · **approval** ${input.requireApproval ? 'required' : 'not required'} · **reinstall on reject** ${input.reinstallOnReject}`,
  ];
  return lines.filter(Boolean).join('\n\n');
}
