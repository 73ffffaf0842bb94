import { JobState } from '../clanforge/jobStates';
import type { ImageDiffJob, JobFields } from '../clanforge/schemas';

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

export function snapshotOf(kind: JobSnapshot['kind'], id: number, job: JobFields): JobSnapshot {
  return {
    kind,
    id,
    jobstateid: job.jobstateid,
    jobstatename: job.jobstatename,
    jobprogress: job.jobprogress,
    jobeta: job.jobeta,
    jobstart: job.jobstart,
    joberror: job.joberror,
    jobfailed: job.jobfailed,
    jobupdated: job.jobupdated,
    success: job.success,
  };
}

/** What a diff found, in counts plus a few paths: a diff can list thousands of files. */
export interface DiffSummary {
  added: number;
  modified: number;
  removed: number;
  /** True when nothing changed: then version create needs full=1. */
  empty: boolean;
  samplePaths: string[];
  /** Set when the diff ended without a result (Failed or Squashed): the counts mean nothing then. */
  failed?: true;
}

const SAMPLE_PATHS = 10;

export function summarizeDiff(diff: ImageDiffJob): DiffSummary {
  const added = Object.keys(diff.added);
  const modified = Object.keys(diff.modified);
  const removed = Object.keys(diff.removed);
  const failed = diff.jobstateid === JobState.Failed || diff.jobstateid === JobState.Squashed;
  return {
    added: added.length,
    modified: modified.length,
    removed: removed.length,
    empty: !failed && added.length + modified.length + removed.length === 0,
    samplePaths: [
      ...added.map((p) => `+ ${p}`),
      ...modified.map((p) => `~ ${p}`),
      ...removed.map((p) => `- ${p}`),
    ].slice(0, SAMPLE_PATHS),
    ...(failed ? { failed: true as const } : {}),
  };
}
