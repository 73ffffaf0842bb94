import type { ClanforgeClient } from '../clanforge/client';
import { isTerminalState, JobState } from '../contract/jobStates';
import { followUntilDone } from './follower';
import { installSnapshotOf, type InstallJobSnapshot } from './imageInstall';
import { DEFAULT_POLL_POLICY, resolvePolicy, type PollObservation, type PollPolicy } from './pollSchedule';

export interface FollowInstallsInput {
  accountServiceId: number;
  imageVersionId: number;
  jobIds: number[];
  policy?: Partial<PollPolicy>;
}

export interface InstallOutcome {
  jobId: number;
  /**
   * `completed`/`failed`/`squashed` when we saw the terminal state; `left` when the job dropped
   * out of the incomplete list between two polls (the API lists incomplete jobs only).
   */
  outcome: 'completed' | 'failed' | 'squashed' | 'left';
  last?: InstallJobSnapshot;
}

export interface FollowInstallsResult {
  installs: InstallOutcome[];
  polls: number;
  errors: number;
  attempt: number;
  resumedAtPoll: number;
}

type Tracked = Record<string, InstallOutcome | { jobId: number; outcome: 'open'; last?: InstallJobSnapshot }>;

function terminalOutcome(stateId: number): InstallOutcome['outcome'] {
  if (stateId === JobState.Completed) return 'completed';
  if (stateId === JobState.Squashed) return 'squashed';
  return 'failed';
}

/**
 * Follows a version's install jobs with one `imageinstall/status` call per poll for all of
 * them; a job is done when it is terminal or has left the incomplete list.
 */
export function followInstallsActivity(client: ClanforgeClient, defaults: PollPolicy = DEFAULT_POLL_POLICY) {
  return {
    async followInstalls(input: FollowInstallsInput): Promise<FollowInstallsResult> {
      const initial: Tracked = Object.fromEntries(
        input.jobIds.map((jobId) => [jobId, { jobId, outcome: 'open' as const }]),
      );
      const outcome = await followUntilDone<Tracked>({
        policy: resolvePolicy({ ...defaults, ...input.policy }),
        fetch: async (previous) => {
          const listed = new Map(
            (await client.imageInstallStatus(input.accountServiceId)).map((item) => [
              item.jobid,
              installSnapshotOf(item),
            ]),
          );
          const next: Tracked = {};
          for (const [key, entry] of Object.entries(previous ?? initial)) {
            if (entry.outcome !== 'open') next[key] = entry;
            else {
              const seen = listed.get(entry.jobId);
              if (!seen) next[key] = { jobId: entry.jobId, outcome: 'left', last: entry.last };
              else if (isTerminalState(seen.jobstateid))
                next[key] = { jobId: entry.jobId, outcome: terminalOutcome(seen.jobstateid), last: seen };
              else next[key] = { jobId: entry.jobId, outcome: 'open', last: seen };
            }
          }
          return next;
        },
        isDone: (tracked) => Object.values(tracked).every((entry) => entry.outcome !== 'open'),
        timing: (tracked) => soonestFinish(tracked),
      });
      return {
        // No watch, so the follow ends only when done: `last` is set.
        installs: Object.values(outcome.last!) as InstallOutcome[],
        polls: outcome.polls,
        errors: outcome.errors,
        attempt: outcome.attempt,
        resumedAtPoll: outcome.resumedAtPoll,
      };
    },
  };
}

/** One call answers for all jobs, so the next poll is due when the first open job should finish. */
function soonestFinish(tracked: Tracked): PollObservation {
  const open = Object.values(tracked).filter((entry) => entry.outcome === 'open' && entry.last);
  const etas = open.map((entry) => entry.last?.jobeta).filter((eta): eta is number => eta !== undefined);
  if (etas.length === 0 || etas.length < open.length) return { jobstateid: JobState.Queued, jobprogress: 0 };
  return { jobstateid: JobState.Running, jobprogress: 0, jobeta: Math.min(...etas) };
}
