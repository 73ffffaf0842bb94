// The Clanforge job fields a workflow keeps: what activities return and the status shows.

export type JobKind = 'update' | 'diff' | 'version';

/**
 * The part of a Clanforge job the workflow keeps: the state fields and the id, nothing bulky,
 * so history stays small whatever the job carries.
 */
export interface JobSnapshot {
  kind: JobKind | 'install';
  id: number;
  jobstateid: number;
  jobstatename: string;
  jobprogress: number;
  jobeta?: number;
  jobstart?: number;
  joberror?: string;
  jobfailed: number;
  jobupdated: number;
  success?: boolean;
}

/** What a diff found, in counts plus a few paths: a diff can list thousands of files. */
export interface DiffSummary {
  added: number;
  modified: number;
  removed: number;
  /** True when a completed diff found nothing changed (then version create needs full=1); false while it runs. */
  empty: boolean;
  samplePaths: string[];
  /** Set when the diff ended without a result (Failed or Squashed): the counts mean nothing then. */
  failed?: true;
}
