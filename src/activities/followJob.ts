import type { ClanforgeClient } from '../clanforge/client';
import { isTerminalState } from '../clanforge/jobStates';
import { followUntilDone } from './follower';
import { DEFAULT_POLL_POLICY, resolvePolicy, type PollPolicy } from './pollSchedule';
import { snapshotOf, summarizeDiff, type DiffSummary, type JobKind, type JobSnapshot } from './snapshots';

export interface FollowJobInput {
  kind: JobKind;
  accountServiceId: number;
  /** updateid, diffid or imageversionid, by kind. */
  id: number;
  policy?: Partial<PollPolicy>;
}

export interface FollowJobResult {
  job: JobSnapshot;
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

/** Follows one update, diff or version job until Completed, Failed or Squashed. */
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
      const outcome = await followUntilDone<Observed>({
        policy: resolvePolicy({ ...defaults, ...input.policy }),
        fetch: () => fetch(input.accountServiceId, input.id),
        isDone: (observed) => isTerminalState(observed.job.jobstateid),
        timing: (observed) => observed.job,
      });
      return {
        job: outcome.last.job,
        diff: outcome.last.diff,
        polls: outcome.polls,
        errors: outcome.errors,
        attempt: outcome.attempt,
        resumedAtPoll: outcome.resumedAtPoll,
      };
    },
  };
}
