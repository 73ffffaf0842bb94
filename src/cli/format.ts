import { cutoverText } from '../contract/cutover/status';
import { frozenText } from '../contract/freeze/state';
import type {
  ActionAccepted,
  Awaiting,
  ClosedExecution,
  InstallsPage,
  RolloutStatus,
  RolloutSummary,
  StartedRollout,
} from '../client';
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
  return [
    `${what} ${started.workflowId} (run ${started.runId})`,
    `watch it: npx ${PROGRAM} watch ${started.workflowId}`,
    '',
  ].join('\n');
}

export function formatAction(
  action: string,
  workflowId: string,
  accepted: ActionAccepted & { rollbackWorkflowId?: string },
): string {
  if (accepted.rollbackWorkflowId)
    return `${action} of ${workflowId} (phase ${accepted.phase}) started as workflow ${accepted.rollbackWorkflowId}\nfollow it: temporal workflow query --workflow-id ${accepted.rollbackWorkflowId} --type status\n`;
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

/** Install jobs of the version in counts: `120 jobs (100 done, 15 open, 5 failed)`. */
export function installsSummary(status: Pick<RolloutStatus, 'installs'>): string | undefined {
  const i = status.installs;
  if (!i || i.jobsSeen === 0) return undefined;
  return `${i.jobsSeen} jobs (${i.done} done, ${i.open} open, ${i.failed} failed)`;
}

/** The fleet as the v2 image status counts it: `machines 9,950/10,000 done, 50 failed, 0 pending`. */
export function fleetLine(status: Pick<RolloutStatus, 'fleet'>): string | undefined {
  const f = status.fleet;
  if (!f) return undefined;
  const total = f.completedMachines + f.failedMachines + f.pendingMachines;
  const n = (x: number) => x.toLocaleString('en-US');
  return `machines ${n(f.completedMachines)}/${n(total)} done, ${n(f.failedMachines)} failed, ${n(f.pendingMachines)} pending`;
}

/** The first failed machines, and how many more there are. */
function failedLine(status: Pick<RolloutStatus, 'installs'>): string | undefined {
  const i = status.installs;
  if (!i || i.failedTotal === 0) return undefined;
  const named = i.failedMachines
    .slice(0, 5)
    .map((m) => `machine ${m.machine ?? '?'} (${m.location ?? '?'}): ${m.error ?? 'failed'}`);
  const more = i.failedTotal - named.length;
  return `${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/** Indented `key  value` lines, keys padded alike; empty values left out. */
export function rows(pairs: [string, string | number | undefined | null][]): string {
  const shown = pairs.filter(
    (pair): pair is [string, string | number] => pair[1] !== undefined && pair[1] !== null && pair[1] !== '',
  );
  const width = Math.max(...shown.map(([key]) => key.length));
  return shown.map(([key, value]) => `  ${key.padEnd(width)}  ${value}`).join('\n');
}

/** What an operator is asked: `the diff failed (actions: retry, cancel; since …)`. */
export function awaitingText(awaiting: Awaiting | null): string | undefined {
  return awaiting ? `${awaiting.reason} (actions: ${awaiting.actions.join(', ')}; since ${awaiting.since})` : undefined;
}

/** `was terminated by Temporal in phase diffing: <reason>`: what closed a workflow that never ended itself. */
export function closedText(closed: ClosedExecution, phase: string): string {
  const how = closed.status.toLowerCase().replace(/_/g, ' ');
  return `was closed by Temporal (${how}) in phase ${phase}${closed.reason ? `: ${closed.reason}` : ''}`;
}

export function formatStatus(workflowId: string, status: RolloutStatus): string {
  const ids = [
    status.updateId === undefined ? undefined : `update ${status.updateId}`,
    status.diffId === undefined ? undefined : `diff ${status.diffId}${status.diffRejected ? ' (rejected)' : ''}`,
    status.imageVersionId === undefined ? undefined : `version ${status.imageVersionId}`,
    status.uninstallJobId === undefined ? undefined : `uninstall ${status.uninstallJobId}`,
  ].filter(Boolean);
  const diff = status.diff
    ? status.diff.failed
      ? 'diff failed: no result'
      : `${status.diff.added} added, ${status.diff.modified} modified, ${status.diff.removed} removed${status.diff.empty ? ' (empty)' : ''}`
    : undefined;
  const warnings = status.warnings?.length ? status.warnings.join('; ') : undefined;
  const body = rows([
    ['phase', status.phase],
    ['closed', status.closed ? closedText(status.closed, status.phase) : undefined],
    ['step', status.step ?? '-'],
    ['account', status.accountServiceId],
    ['image', status.imageId],
    ['machine', status.machineId],
    ['game build', status.gameBuild],
    [
      'install at',
      status.installAt && status.countdown ? `${status.installAt} (${status.countdown})` : status.installAt,
    ],
    [
      'window',
      status.window
        ? `${status.window.waitsFor} waits for ${status.window.window}, opening ${status.window.opensAt}${status.countdown ? ` (${status.countdown})` : ''}`
        : undefined,
    ],
    ['frozen', status.frozen ? frozenText(status.frozen) : undefined],
    ['ids', ids.join(', ')],
    ['full image', status.fullImage ? `${status.fullImage.full ? 'yes' : 'no'}: ${status.fullImage.why}` : undefined],
    [
      'actions',
      status.actions?.length
        ? status.actions.map((a) => `${a.action} ${a.by ? `by ${a.by}` : 'by an unnamed operator'}`).join(', ')
        : undefined,
    ],
    ['job', jobLine(status)],
    ['diff', diff],
    ['awaiting', awaitingText(status.awaiting)],
    ['warnings', warnings],
    ['last error', status.lastError],
    ['cancelled', status.cancelReason],
    ['installs', installsSummary(status)],
    ['fleet', fleetLine(status)],
    ['cutover', status.cutover ? cutoverText(status.cutover, Date.now()) : undefined],
    ['failed', failedLine(status)],
  ]);
  return `${workflowId}\n${body}\n`;
}

export function dateText(date: Date | undefined): string {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-';
}

/** Columns padded to their widest cell, two spaces apart. */
export function table(header: string[], body: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...body.map(line)].join('\n')}\n`;
}

export function formatList(rollouts: RolloutSummary[]): string {
  if (rollouts.length === 0) return 'no rollouts\n';
  return table(
    ['WORKFLOW ID', 'STATUS', 'PHASE', 'ASID', 'IMAGE', 'GAME BUILD', 'STARTED', 'CLOSED'],
    rollouts.map((r) => [
      r.workflowId,
      r.status,
      r.phase ?? '-',
      r.accountServiceId === undefined ? '-' : String(r.accountServiceId),
      r.imageId === undefined ? '-' : String(r.imageId),
      r.gameBuild ?? '-',
      dateText(r.startTime),
      dateText(r.closeTime),
    ]),
  );
}

/** A page of install jobs as a table, with where it sits in the whole list. */
export function formatInstalls(page: InstallsPage): string {
  const first = page.rows.length ? page.offset + 1 : 0;
  const header = `version ${page.imageVersionId}: jobs ${first}-${page.offset + page.rows.length} of ${page.total} listed by Clanforge (incomplete jobs only)`;
  if (page.rows.length === 0) return `${header}\n`;
  const jobs = table(
    ['JOB', 'MACHINE', 'LOCATION', 'MIRROR', 'STATE', 'PROGRESS', 'ERROR'],
    page.rows.map((r) => [
      String(r.jobId),
      String(r.machine ?? '-'),
      r.location ?? '-',
      r.mirroring ? 'yes' : 'no',
      r.state,
      `${r.progress}%`,
      r.error ?? '',
    ]),
  );
  const next =
    page.offset + page.rows.length < page.total ? `next page: --offset ${page.offset + page.rows.length}\n` : '';
  return `${header}\n${jobs}${next}`;
}
