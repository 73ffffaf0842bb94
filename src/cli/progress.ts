import { machinesProgress } from '../contract/installs';
import { frozenText } from '../contract/freeze/state';
import { cutoverText } from '../contract/cutover/status';
import type { RolloutStatus } from '../client';
import { isoFromUnix } from './format';

/** `watch` in a terminal: one line (a rollout) or a block (a release), redrawn in place. */

const BAR_WIDTH = 24;
const CLEAR_TO_END = '\x1b[K';
const CLEAR_TO_END_OF_SCREEN = '\x1b[J';

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
  const machines = machinesProgress(status.fleet, status.installs);
  const cutover = status.cutover;
  if ((status.step === 'cutover' || status.step === 'bake') && cutover) {
    const total = cutover.serversPending + cutover.serversProcessed;
    parts.push(cutoverText(cutover, Date.now()));
    if (status.step === 'cutover') parts.push(bar(total ? (cutover.serversProcessed / total) * 100 : 0));
  } else if (status.step === 'install' && machines) {
    parts.push(
      `machines ${machines.done}/${machines.total} done, ${machines.failed} failed`,
      bar(machines.total ? (machines.done / machines.total) * 100 : 0),
    );
  } else {
    const eta = isoFromUnix(status.jobeta ?? status.job?.jobeta);
    parts.push(
      status.jobstatename ?? status.job?.jobstatename ?? '-',
      bar(status.jobprogress ?? status.job?.jobprogress ?? 0),
    );
    if (eta) parts.push(`eta ${eta}`);
  }
  if (status.countdown) parts.push(status.countdown);
  // "frozen by alice@ops-1 12 min ago: incident 4711", as of this read.
  if (status.frozen) parts.push(frozenText(status.frozen));
  for (const warning of status.warnings ?? []) parts.push(`⚠ ${warning}`);
  if (status.awaiting) parts.push(`awaiting: ${status.awaiting.reason} (${status.awaiting.actions.join('|')})`);
  else if (status.lastError && status.phase !== 'completed') parts.push(`last error: ${status.lastError}`);
  if (status.reason) parts.push(`reason: ${status.reason}`);
  return parts.join(' · ');
}

/** One line, cut to the terminal so it never wraps (a wrapped line would break the redraw). */
function fit(line: string, columns?: number): string {
  const flat = line.replace(/[\r\n]+/g, ' ');
  return columns && columns > 1 && flat.length > columns - 1 ? `${flat.slice(0, columns - 2)}…` : flat;
}

/** The line to write: back to column 0, the text cut to the terminal, the rest of the old line cleared. */
export function redraw(line: string, columns?: number): string {
  return `\r${fit(line, columns)}${CLEAR_TO_END}`;
}

/**
 * A block of lines drawn over the previous one (`previousLines` tall, 0 for the first): up to
 * its first line, clear to the end of the screen, write. The cursor stays on the last line.
 */
export function redrawBlock(lines: string[], previousLines: number, columns?: number): string {
  const up = previousLines > 1 ? `\x1b[${previousLines - 1}A` : '';
  return `${up}\r${CLEAR_TO_END_OF_SCREEN}${lines.map((line) => fit(line, columns)).join('\n')}`;
}
