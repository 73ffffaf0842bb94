import type { ActionAccepted, RolloutStatus, RolloutSummary, StartedRollout } from '../client';
import { PROGRAM } from './errors';

/** Human-readable output. `--json` output is the objects themselves (see program.ts). */

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Unix seconds (Clanforge's jobeta) as ISO-8601, or undefined when absent or 0. */
export function isoFromUnix(seconds: number | undefined): string | undefined {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return undefined;
  return new Date(seconds * 1000).toISOString();
}

export function formatStart(started: StartedRollout): string {
  const what = started.started ? 'started rollout' : 'attached to the already running rollout';
  return [`${what} ${started.workflowId} (run ${started.runId})`, `watch it: npx ${PROGRAM} watch ${started.workflowId}`, ''].join('\n');
}

export function formatAction(action: string, workflowId: string, accepted: ActionAccepted): string {
  return `${action} accepted by ${workflowId} (phase ${accepted.phase})\n`;
}

/** The current job in words: `diff 42: InProgress 37% eta 2026-...Z`. */
export function jobLine(status: RolloutStatus): string | undefined {
  const state = status.jobstatename ?? status.job?.jobstatename;
  if (state === undefined) return undefined;
  const progress = status.jobprogress ?? status.job?.jobprogress;
  const eta = isoFromUnix(status.jobeta ?? status.job?.jobeta);
  const which = status.job ? `${status.job.kind} ${status.job.id}: ` : '';
  return `${which}${state}${progress === undefined ? '' : ` ${progress}%`}${eta ? ` eta ${eta}` : ''}`;
}

export function installsSummary(status: Pick<RolloutStatus, 'installs'>): string | undefined {
  if (status.installs.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const install of status.installs) counts.set(install.outcome, (counts.get(install.outcome) ?? 0) + 1);
  const parts = ['completed', 'failed', 'squashed', 'pending'].filter((o) => counts.has(o)).map((o) => `${counts.get(o)} ${o}`);
  return `${status.installs.length} (${parts.join(', ')})`;
}

function rows(pairs: [string, string | number | undefined | null][]): string {
  const shown = pairs.filter((pair): pair is [string, string | number] => pair[1] !== undefined && pair[1] !== null && pair[1] !== '');
  const width = Math.max(...shown.map(([key]) => key.length));
  return shown.map(([key, value]) => `  ${key.padEnd(width)}  ${value}`).join('\n');
}

export function formatStatus(workflowId: string, status: RolloutStatus): string {
  const ids = [
    status.updateId === undefined ? undefined : `update ${status.updateId}`,
    status.diffId === undefined ? undefined : `diff ${status.diffId}${status.diffRejected ? ' (rejected)' : ''}`,
    status.imageVersionId === undefined ? undefined : `version ${status.imageVersionId}`,
    status.uninstallJobId === undefined ? undefined : `uninstall ${status.uninstallJobId}`,
  ].filter(Boolean);
  const awaiting = status.awaiting
    ? `${status.awaiting.reason} (actions: ${status.awaiting.actions.join(', ')}; since ${status.awaiting.since})`
    : undefined;
  const diff = status.diff
    ? `${status.diff.added} added, ${status.diff.modified} modified, ${status.diff.removed} removed${status.diff.empty ? ' (empty)' : ''}`
    : undefined;
  const body = rows([
    ['phase', status.phase],
    ['step', status.step ?? '-'],
    ['account', status.accountServiceId],
    ['image', status.imageId],
    ['machine', status.machineId],
    ['game build', status.gameBuild],
    ['install at', status.installAt],
    ['ids', ids.join(', ')],
    ['install jobs', status.installJobIds.join(', ')],
    ['job', jobLine(status)],
    ['diff', diff],
    ['awaiting', awaiting],
    ['last error', status.lastError],
    ['cancelled', status.cancelReason],
    ['installs', installsSummary(status)],
  ]);
  return `${workflowId}\n${body}\n`;
}

function dateText(date: Date | undefined): string {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-';
}

export function formatList(rollouts: RolloutSummary[]): string {
  if (rollouts.length === 0) return 'no rollouts\n';
  const header = ['WORKFLOW ID', 'STATUS', 'PHASE', 'ASID', 'IMAGE', 'GAME BUILD', 'STARTED', 'CLOSED'];
  const table = rollouts.map((r) => [
    r.workflowId,
    r.status,
    r.phase ?? '-',
    r.accountServiceId === undefined ? '-' : String(r.accountServiceId),
    r.imageId === undefined ? '-' : String(r.imageId),
    r.gameBuild ?? '-',
    dateText(r.startTime),
    dateText(r.closeTime),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...table.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return `${[line(header), ...table.map(line)].join('\n')}\n`;
}
