import { JobState } from '../contract/jobStates';
import type { ImageDiffJob, JobFields } from '../clanforge/schemas';
import type { DiffSummary, JobSnapshot } from '../contract/jobs';

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

const SAMPLE_PATHS = 10;

export function summarizeDiff(diff: ImageDiffJob): DiffSummary {
  const added = Object.keys(diff.added);
  const modified = Object.keys(diff.modified);
  const removed = Object.keys(diff.removed);
  const failed = diff.jobstateid === JobState.Failed || diff.jobstateid === JobState.Squashed;
  // Empty is what a completed diff found; one still running has found nothing yet.
  const completed = diff.jobstateid === JobState.Completed;
  return {
    added: added.length,
    modified: modified.length,
    removed: removed.length,
    empty: completed && added.length + modified.length + removed.length === 0,
    samplePaths: [
      ...added.map((p) => `+ ${p}`),
      ...modified.map((p) => `~ ${p}`),
      ...removed.map((p) => `- ${p}`),
    ].slice(0, SAMPLE_PATHS),
    ...(failed ? { failed: true as const } : {}),
  };
}
