import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import {
  ClanforgeAccountServiceId,
  ClanforgeImageId,
  GameBuild,
  ReleaseId,
  RolloutPhase,
} from '../contract/searchAttributes';

/** Every column a list row can have, read from one visibility record. */
const COLUMNS = {
  workflowId: (wf: WorkflowExecutionInfo) => wf.workflowId,
  runId: (wf: WorkflowExecutionInfo) => wf.runId,
  releaseId: (wf: WorkflowExecutionInfo) => wf.typedSearchAttributes.get(ReleaseId),
  status: (wf: WorkflowExecutionInfo) => wf.status.name,
  phase: (wf: WorkflowExecutionInfo) => wf.typedSearchAttributes.get(RolloutPhase),
  accountServiceId: (wf: WorkflowExecutionInfo) => wf.typedSearchAttributes.get(ClanforgeAccountServiceId),
  imageId: (wf: WorkflowExecutionInfo) => wf.typedSearchAttributes.get(ClanforgeImageId),
  gameBuild: (wf: WorkflowExecutionInfo) => wf.typedSearchAttributes.get(GameBuild),
  startTime: (wf: WorkflowExecutionInfo) => wf.startTime,
  closeTime: (wf: WorkflowExecutionInfo) => wf.closeTime,
};
type Column = keyof typeof COLUMNS;
type Row<C extends Column> = { [K in C]: ReturnType<(typeof COLUMNS)[K]> };

/** The query of a list: the workflow type, the phase (RolloutPhase serves both types) and more clauses. */
export interface ListQuery {
  workflowType: 'rollout' | 'release';
  phase?: string;
  /** Only running executions: a closed one is in none of the phases a running workflow moves through. */
  runningOnly?: boolean;
  clauses?: string[];
  /** At most this many rows (default 100). */
  limit?: number;
}

/** Quotes dropped: a value never ends the string it stands in. */
export const keyword = (value: string): string => `'${value.replace(/'/g, '')}'`;

/**
 * The rows of a list from Temporal's visibility, one per workflow execution, with the given
 * columns in the given order (the order a `--json` list prints them in). A run that continued as
 * new is left out: the run after it stands for the same workflow (a release continues as new
 * between waves).
 */
export async function listRows<C extends Column>(
  temporal: Client,
  query: ListQuery,
  columns: readonly C[],
): Promise<Row<C>[]> {
  const clauses = [`WorkflowType = ${keyword(query.workflowType)}`];
  if (query.phase) clauses.push(`RolloutPhase = ${keyword(query.phase)}`);
  clauses.push(query.runningOnly ? `ExecutionStatus = 'Running'` : `ExecutionStatus != 'ContinuedAsNew'`);
  clauses.push(...(query.clauses ?? []));
  const rows: Row<C>[] = [];
  for await (const wf of temporal.workflow.list({ query: clauses.join(' AND ') })) {
    rows.push(Object.fromEntries(columns.map((column) => [column, COLUMNS[column](wf)])) as Row<C>);
    if (rows.length >= (query.limit ?? 100)) break;
  }
  return rows;
}
