import type { ReleaseImageStatus, ReleaseStatus } from '../../client';
import { table } from '../format';
import { countsText, IMAGE_HEADER, imageRows } from './format';

/**
 * `release watch` in a terminal: a block redrawn in place, a line per image and a total line.
 * A block taller than the terminal cannot be redrawn, so a big release shows the images worth
 * watching and counts the rest.
 */

const MOST_IMAGE_LINES = 20;

/** `wave 2 of 2 · running · 1 of 2 images installing, 1 completed`, then what it waits for. */
export function totalLine(status: ReleaseStatus): string {
  const parts = [`wave ${status.wave} of ${status.waves}`, status.phase, countsText(status.images)];
  if (status.awaiting) parts.push(`awaiting: ${status.awaiting.reason} (${status.awaiting.actions.join('|')})`);
  if (status.reason) parts.push(`reason: ${status.reason}`);
  return parts.join(' · ');
}

/** Moving or stopped images first, then those still to start, then the completed. */
function rank(image: ReleaseImageStatus): number {
  if (image.phase === 'completed') return 3;
  if (image.phase === 'pending') return 2;
  return 1;
}

/** Up to `room` images, the most telling ones, in the release's own order. */
function shownImages(images: readonly ReleaseImageStatus[], room: number): readonly ReleaseImageStatus[] {
  if (images.length <= room) return images;
  const chosen = new Set([...images].sort((a, b) => rank(a) - rank(b)).slice(0, room));
  return images.filter((image) => chosen.has(image));
}

/** The block's lines: header, images, `… N more`, total. `rows` is the terminal's height when known. */
export function watchBlock(status: ReleaseStatus, rows?: number): string[] {
  // Header, the `more` line and the total line take three.
  const room = Math.max(1, Math.min(MOST_IMAGE_LINES, rows === undefined ? MOST_IMAGE_LINES : rows - 3));
  const shown = shownImages(status.images, room);
  const lines = table(IMAGE_HEADER, imageRows(shown)).trimEnd().split('\n');
  const hidden = status.images.length - shown.length;
  if (hidden > 0) lines.push(`… ${hidden} more image${hidden === 1 ? '' : 's'} (release status lists every image)`);
  lines.push(totalLine(status));
  return lines;
}
