import type { RolloutStatus } from '../client';
import { isoFromUnix } from './format';

/** `watch` in a terminal: one line, redrawn in place with `\r`. */

const BAR_WIDTH = 24;
const CLEAR_TO_END = '\x1b[K';

export function bar(percent: number, width = BAR_WIDTH): string {
  const clamped = Math.min(100, Math.max(0, Number.isFinite(percent) ? percent : 0));
  const filled = Math.round((clamped / 100) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(clamped)).padStart(3)}%`;
}

/** phase · step · job state [bar] progress% · eta, or what an operator must do. */
export function progressLine(status: RolloutStatus): string {
  const state = status.jobstatename ?? status.job?.jobstatename ?? '-';
  const progress = status.jobprogress ?? status.job?.jobprogress ?? 0;
  const eta = isoFromUnix(status.jobeta ?? status.job?.jobeta);
  const parts = [status.phase, status.step ?? '-', state, bar(progress)];
  if (eta) parts.push(`eta ${eta}`);
  if (status.awaiting) parts.push(`awaiting: ${status.awaiting.reason} (${status.awaiting.actions.join('|')})`);
  else if (status.lastError && status.phase !== 'completed') parts.push(`last error: ${status.lastError}`);
  return parts.join(' · ');
}

/** The line to write: back to column 0, the text cut to the terminal, the rest of the old line cleared. */
export function redraw(line: string, columns?: number): string {
  const flat = line.replace(/[\r\n]+/g, ' ');
  const fitted = columns && columns > 1 && flat.length > columns - 1 ? `${flat.slice(0, columns - 2)}…` : flat;
  return `\r${fitted}${CLEAR_TO_END}`;
}
