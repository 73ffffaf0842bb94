import type { ClanforgeClient } from '../clanforge/client';
import { isTerminalState, JobState } from '../contract/jobStates';
import { pollOnce } from './pollOnce';
import { JobTimes } from './jobTimes';
import type { JobFields } from '../clanforge/schemas';
import { DEFAULT_POLL_POLICY, resolvePolicy, type PollPolicy } from './pollSchedule';
import type { DiffSummary, JobKind, JobSnapshot } from '../contract/jobs';
import { snapshotOf, summarizeDiff } from './snapshots';
import { watchThresholds, type FollowWarning, type WatchClock, type WatchRequest } from './stuckWatch';

export interface FollowJobInput {
  kind: JobKind;
  accountServiceId: number;
  /** updateid, diffid or imageversionid, by kind. */
  id: number;
  policy?: Partial<PollPolicy>;
  /** Warn and escalate on a stuck job or a silent API (absent in histories from before it). */
  watch?: WatchRequest;
  /** The workflow created (or retried) the job just before: the first look waits for what jobs before it took (jobTimes.ts). */
  justCreated?: boolean;
}

export interface FollowJobResult {
  /** Undefined only with a `warning` that came before the first answer. */
  job?: JobSnapshot;
  /** The follow ended early to report this; follow again with its kind known. */
  warning?: FollowWarning;
  clock?: WatchClock;
  /** For a diff: what it found. */
  diff?: DiffSummary;
  /** Status calls made in total, across attempts. */
  polls: number;
  errors: number;
  attempt: number;
  resumedAtPoll: number;
}

interface Observed {
  job: JobSnapshot;
  diff?: DiffSummary;
  /** `jobcreated`, Unix seconds: plans the look at a job not running yet (jobTimes.ts). */
  created: number;
}

const STATUS_ENDPOINT: Record<JobKind, string> = { update: 'imageupdate', diff: 'imagediff', version: 'imageversion' };

/** Follows one update, diff or version job until Completed, Failed or Squashed (or a new warning), one poll per attempt. */
export function followJobActivity(
  client: ClanforgeClient,
  defaults: PollPolicy = DEFAULT_POLL_POLICY,
  times = new JobTimes(),
) {
  const learned = <J extends JobFields>(kind: JobKind, id: number, job: J): J => {
    times.observe(kind, id, job);
    return job;
  };
  const fetchers: Record<JobKind, (asid: number, id: number) => Promise<Observed>> = {
    update: async (asid, id) => {
      const job = learned('update', id, await client.imageUpdateStatus(asid, id));
      return { job: snapshotOf('update', id, job), created: job.jobcreated };
    },
    diff: async (asid, id) => {
      const diff = learned('diff', id, await client.imageDiffStatus(asid, id));
      return { job: snapshotOf('diff', id, diff), diff: summarizeDiff(diff), created: diff.jobcreated };
    },
    version: async (asid, id) => {
      const job = learned('version', id, await client.imageVersionStatus(asid, id));
      return { job: snapshotOf('version', id, job), created: job.jobcreated };
    },
  };

  return {
    async followJob(input: FollowJobInput): Promise<FollowJobResult> {
      const fetch = fetchers[input.kind];
      if (!fetch)
        throw new TypeError(`followJob: kind must be one of update, diff, version; got "${String(input.kind)}"`);
      const policy = resolvePolicy({ ...defaults, ...input.policy });
      const outcome = await pollOnce<Observed>({
        policy,
        fetch: () => fetch(input.accountServiceId, input.id),
        isDone: (observed) => isTerminalState(observed.job.jobstateid),
        firstLookMs: input.justCreated ? (times.firstLookMs(input.kind) ?? policy.noEtaDelayMs) : undefined,
        timing: ({ job, created }) => ({
          ...job,
          jobeta: times.correctedEta(input.kind, job),
          notRunningLookMs: times.notRunningLookMs(input.kind, { ...job, jobcreated: created }, Date.now()),
        }),
        watch: input.watch && {
          thresholds: watchThresholds(policy, input.watch.stuckAfterMinutes),
          known: input.watch.known,
          clock: input.watch.clock,
          endpoint: `${STATUS_ENDPOINT[input.kind]}/status`,
          describe: ({ job }) => ({
            label: `${input.kind} ${input.id}`,
            running: job.jobstateid === JobState.Running,
            eta: job.jobeta,
            progressKey: `${job.jobstateid}:${job.jobupdated}:${job.jobprogress}`,
            progressText: job.jobstateid === JobState.Running ? `${job.jobprogress} %` : job.jobstatename,
          }),
        },
      });
      return {
        job: outcome.last?.job,
        warning: outcome.warning,
        clock: outcome.clock,
        diff: outcome.last?.diff,
        polls: outcome.polls,
        errors: outcome.errors,
        attempt: outcome.attempt,
        resumedAtPoll: outcome.resumedAtPoll,
      };
    },
  };
}
