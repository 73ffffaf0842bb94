import type { ClanforgeClient } from '../clanforge/client';
import { isTerminalState, JobState } from '../clanforge/jobStates';
import { followUntilDone } from './follower';
import { DEFAULT_POLL_POLICY, resolvePolicy, type PollPolicy } from './pollSchedule';
import { snapshotOf, summarizeDiff, type DiffSummary, type JobKind, type JobSnapshot } from './snapshots';
import { watchThresholds, type FollowWarning, type WatchClock, type WatchRequest } from './stuckWatch';

export interface FollowJobInput {
  kind: JobKind;
  accountServiceId: number;
  /** updateid, diffid or imageversionid, by kind. */
  id: number;
  policy?: Partial<PollPolicy>;
  /** Warn and escalate on a stuck job or a silent API (absent in histories from before it). */
  watch?: WatchRequest;
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
}

const STATUS_ENDPOINT: Record<JobKind, string> = { update: 'imageupdate', diff: 'imagediff', version: 'imageversion' };

/** Follows one update, diff or version job until Completed, Failed or Squashed (or a new warning). */
export function followJobActivity(client: ClanforgeClient, defaults: PollPolicy = DEFAULT_POLL_POLICY) {
  const fetchers: Record<JobKind, (asid: number, id: number) => Promise<Observed>> = {
    update: async (asid, id) => ({ job: snapshotOf('update', id, await client.imageUpdateStatus(asid, id)) }),
    diff: async (asid, id) => {
      const diff = await client.imageDiffStatus(asid, id);
      return { job: snapshotOf('diff', id, diff), diff: summarizeDiff(diff) };
    },
    version: async (asid, id) => ({ job: snapshotOf('version', id, await client.imageVersionStatus(asid, id)) }),
  };

  return {
    async followJob(input: FollowJobInput): Promise<FollowJobResult> {
      const fetch = fetchers[input.kind];
      if (!fetch) throw new TypeError(`followJob: kind must be one of update, diff, version; got "${String(input.kind)}"`);
      const policy = resolvePolicy({ ...defaults, ...input.policy });
      const outcome = await followUntilDone<Observed>({
        policy,
        fetch: () => fetch(input.accountServiceId, input.id),
        isDone: (observed) => isTerminalState(observed.job.jobstateid),
        timing: (observed) => observed.job,
        watch: input.watch && {
          thresholds: watchThresholds(policy, input.watch.stuckAfterMinutes),
          known: input.watch.known,
          clock: input.watch.clock,
          endpoint: `${STATUS_ENDPOINT[input.kind]}/status`,
          describe: ({ job }) => ({
            label: `${input.kind} ${input.id}`,
            running: job.jobstateid === JobState.Running,
            eta: job.jobeta,
            progressKey: `${job.jobstateid}:${job.jobprogress}`,
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
