import type { ReleaseImageStatus, ReleaseStatus, ReleaseSummary, StartedRelease } from '../../client';
import type { ReleaseImagePhase } from '../../contract/release/status';
import { FINAL_PHASES, PHASES } from '../../contract/rollout/status';
import { PROGRAM } from '../errors';
import { awaitingText, closedText, dateText, rows, table } from '../format';

/** Human-readable release output. `--json` output is the objects themselves. */

export function formatReleaseStart(started: StartedRelease): string {
  const what = started.started ? 'started release' : 'attached to the already running release';
  const adopted = started.adopted.length
    ? [
        `adopted ${started.adopted.length} running rollout${started.adopted.length === 1 ? '' : 's'}: ${started.adopted.join(', ')}`,
      ]
    : [];
  return [
    `${what} ${started.workflowId} (run ${started.runId})`,
    ...adopted,
    `watch it: npx ${PROGRAM} release watch ${started.workflowId}`,
    '',
  ].join('\n');
}

/** Moving images first, then the waiting ones, then the ended: the order a reader scans for. */
const COUNT_ORDER: readonly ReleaseImagePhase[] = [
  ...PHASES.filter((phase) => !FINAL_PHASES.includes(phase)),
  'pending',
  ...FINAL_PHASES,
];

/** `1 of 2 images installing, 1 completed`. */
export function countsText(images: readonly ReleaseImageStatus[]): string {
  const counts = new Map<ReleaseImagePhase, number>();
  for (const image of images) counts.set(image.phase, (counts.get(image.phase) ?? 0) + 1);
  const noun = images.length === 1 ? 'image' : 'images';
  const parts = COUNT_ORDER.filter((phase) => counts.has(phase)).map((phase, index) =>
    index === 0 ? `${counts.get(phase)} of ${images.length} ${noun} ${phase}` : `${counts.get(phase)} ${phase}`,
  );
  return parts.length ? parts.join(', ') : `${images.length} ${noun}`;
}

export const IMAGE_HEADER = ['WORKFLOW ID', 'WAVE', 'PHASE', 'PROGRESS'];

/** One row per image: its rollout, wave, phase and what it is doing (or why it ended). */
export function imageRows(images: readonly ReleaseImageStatus[]): string[][] {
  return images.map((image) => [
    image.workflowId,
    String(image.wave),
    image.phase,
    // An ended image's progress is its reason already: said once.
    [...new Set([image.progress, image.reason].filter(Boolean))].join(' · '),
  ]);
}

export function formatReleaseStatus(status: ReleaseStatus): string {
  const body = rows([
    ['phase', status.phase],
    ['closed', status.closed ? closedText(status.closed, status.phase) : undefined],
    ['wave', `${status.wave} of ${status.waves}`],
    ['game build', status.gameBuild],
    ['awaiting', awaitingText(status.awaiting)],
    ['reason', status.reason],
    ['started', status.startedAt],
    ['images', countsText(status.images)],
  ]);
  return `release ${status.releaseId}\n${body}\n\n${table(IMAGE_HEADER, imageRows(status.images))}`;
}

export function formatReleaseList(releases: ReleaseSummary[]): string {
  if (releases.length === 0) return 'no releases\n';
  return table(
    ['WORKFLOW ID', 'RELEASE', 'STATUS', 'PHASE', 'GAME BUILD', 'STARTED', 'CLOSED'],
    releases.map((r) => [
      r.workflowId,
      r.releaseId ?? '-',
      r.status,
      r.phase ?? '-',
      r.gameBuild ?? '-',
      dateText(r.startTime),
      dateText(r.closeTime),
    ]),
  );
}
