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

/**
 * phase · step · job state [bar] progress% · eta, or what an operator must do. While installing,
 * the bar is the fleet: machines done of the total, with failed and pending counts.
 */
export function progressLine(status: RolloutStatus): string {
  const parts: string[] = [status.phase, status.step ?? '-'];
  const fleet = status.fleet;
  if (status.step === 'install' && fleet) {
    const total = fleet.completedMachines + fleet.failedMachines + fleet.pendingMachines;
    parts.push(`machines ${fleet.completedMachines}/${total} done, ${fleet.failedMachines} failed`, bar(total ? (fleet.completedMachines / total) * 100 : 0));
  } else {
    const eta = isoFromUnix(status.jobeta ?? status.job?.jobeta);
    parts.push(status.jobstatename ?? status.job?.jobstatename ?? '-', bar(status.jobprogress ?? status.job?.jobprogress ?? 0));
    if (eta) parts.push(`eta ${eta}`);
  }
  for (const warning of status.warnings ?? []) parts.push(`⚠ ${warning}`);
  if (status.awaiting) parts.push(`awaiting: ${status.awaiting.reason} (${status.awaiting.actions.join('|')})`);
  else if (status.lastError && status.phase !== 'completed') parts.push(`last error: ${status.lastError}`);
  if (status.reason) parts.push(`reason: ${status.reason}`);
  return parts.join(' · ');
}

/** The line to write: back to column 0, the text cut to the terminal, the rest of the old line cleared. */
export function redraw(line: string, columns?: number): string {
  const flat = line.replace(/[\r\n]+/g, ' ');
  const fitted = columns && columns > 1 && flat.length > columns - 1 ? `${flat.slice(0, columns - 2)}…` : flat;
  return `\r${fitted}${CLEAR_TO_END}`;
}
