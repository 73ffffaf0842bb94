import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { keyword } from './listRows';

/**
 * A rollout's or release's natural id names it wherever it runs: a foreign client (another
 * language, `temporal workflow start`) may start one under any workflow id, and its own search
 * attributes (set by the workflow from its input) still say which it is. `act` is tried on the
 * id given; only when no execution has that id is the workflow found by `clauses` and tried.
 */
export async function onNaturalId<T>(
  temporal: Client,
  workflowId: string,
  search: { workflowType: 'rollout' | 'release'; clauses: string[] } | undefined,
  act: (workflowId: string) => Promise<T>,
): Promise<T> {
  try {
    return await act(workflowId);
  } catch (error) {
    if (!search || !isNotFound(error)) throw error;
    const found = await byAttributes(temporal, search.workflowType, search.clauses);
    if (found === undefined || found === workflowId) throw error;
    return act(found);
  }
}

/** The search a rollout's natural id (rollout-<asid>-<image>) stands for; undefined for any other id. */
export function rolloutSearch(workflowId: string): { workflowType: 'rollout'; clauses: string[] } | undefined {
  const ids = /^rollout-(\d+)-(\d+)$/.exec(workflowId);
  if (!ids) return undefined;
  return {
    workflowType: 'rollout',
    clauses: [`ClanforgeAccountServiceId = ${Number(ids[1])}`, `ClanforgeImageId = ${Number(ids[2])}`],
  };
}

/** The search a release's releaseId stands for. */
export function releaseSearch(releaseId: string): { workflowType: 'release'; clauses: string[] } {
  return { workflowType: 'release', clauses: [`ReleaseId = ${keyword(releaseId)}`] };
}

/** The workflow id of the running execution that matches, else of the one that started last. */
async function byAttributes(temporal: Client, workflowType: string, clauses: string[]): Promise<string | undefined> {
  const base = [`WorkflowType = ${keyword(workflowType)}`, ...clauses].join(' AND ');
  for (const query of [`${base} AND ExecutionStatus = 'Running'`, base]) {
    for await (const wf of temporal.workflow.list({ query, pageSize: 1 })) return wf.workflowId;
  }
  return undefined;
}

/** No execution with this id (the client maps most NOT_FOUND answers; an update's may come raw). */
function isNotFound(error: unknown): boolean {
  if (error instanceof WorkflowNotFoundError) return true;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return error instanceof Error && error.name === 'ServiceError' && cause?.code === 5;
}
