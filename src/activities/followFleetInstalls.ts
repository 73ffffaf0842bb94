import type { ClanforgeClient } from '../clanforge/client';
import type { CreateGate } from './freezeGate';
import { isClanforgeError } from '../clanforge/errors';
import { JobState } from '../contract/jobStates';
import type { InstallJob } from '../clanforge/schemas';
import { readCall, toActivityFailure } from './failures';
import { activityInfo, heartbeat } from '@temporalio/activity';
import { isFollowProgress } from './follower';
import { pollOnce } from './pollOnce';
import { fleetText, type InstallSummary } from '../contract/installs';
import { countListing, fleetCountsOf, locationsOf } from './fleetSummary';
import { JobTimes } from './jobTimes';
import {
  DEFAULT_POLL_POLICY,
  expectedFinishMs,
  resolvePolicy,
  type PollObservation,
  type PollPolicy,
} from './pollSchedule';
import { watchThresholds, type FollowWarning, type WatchClock, type WatchRequest } from './stuckWatch';

export interface FollowFleetInput {
  accountServiceId: number;
  imageId: number;
  imageVersionId: number;
  /** Which of the version's listed jobs to queue first: Created/Pending ones, the Failed ones (retry), or none. */
  queue: 'pending' | 'failed' | 'none';
  watch?: WatchRequest;
  policy?: Partial<PollPolicy>;
}

export interface FollowFleetResult {
  summary: InstallSummary;
  warning?: FollowWarning;
  clock: WatchClock;
  polls: number;
}

/** Bounded, so it fits a heartbeat whatever the fleet: counts, and the soonest and latest eta. */
interface FleetObservation {
  summary: InstallSummary;
  soonestEta?: number;
  /** Until this eta of its open jobs a still fleet is on schedule (stuckWatch.ts). */
  latestEta?: number;
  /** When the last open job should end (its eta corrected as the kind's etas were off, or its progress): the next look, Unix ms. */
  expectedEndMs?: number;
  /** When to look at a fleet none of whose open jobs runs yet (jobTimes.ts), in ms from the answer. */
  notRunningLookMs?: number;
  /** The latest `jobupdated` of the listed jobs: moves whenever one of them changes state. */
  lastUpdated?: number;
}

const emptySummary = (imageVersionId: number): InstallSummary => ({
  imageVersionId,
  jobsSeen: 0,
  open: 0,
  failed: 0,
  done: 0,
  queued: 0,
  queueRefused: 0,
  byLocation: {},
  failedMachines: [],
  failedTotal: 0,
});

/**
 * The install step's follower, sized for real fleets: the per-machine list lives only here, in
 * memory, for one poll at a time; what leaves the activity (result, heartbeat) is counts, the
 * soonest eta and the first few failed machines. Done when no job of the version is open **and**
 * the v2 image status (the docs' "fleet is ready" signal) has no pending machine: a fleet whose
 * installs ran before anyone looked is still confirmed, and nothing ends on an unconfirmed fleet.
 */
export function followFleetActivity(
  client: ClanforgeClient,
  freeze: CreateGate,
  defaults: PollPolicy = DEFAULT_POLL_POLICY,
  times = new JobTimes(),
) {
  const versionJobs = async (asid: number, versionId: number): Promise<InstallJob[]> => {
    const listed = (await client.imageInstallStatus(asid)).filter((job) => job.target_imageversionid === versionId);
    for (const job of listed) times.observe('install', job.jobid, job);
    return listed;
  };

  /** The v2 image status, or why this account cannot have it (404 or the API's refusal: not a passing fault). */
  const fleetStatus = async (asid: number, imageId: number) => {
    try {
      return await client.imageStatus(asid, imageId, true);
    } catch (error) {
      if (isClanforgeError(error) && (error.type === 'ClanforgeNotFound' || error.type === 'ClanforgeRejected'))
        return error.message;
      throw error;
    }
  };

  return {
    async followFleetInstalls(input: FollowFleetInput): Promise<FollowFleetResult> {
      const policy = resolvePolicy({ ...defaults, ...input.policy });
      const seen = new Set<number>();
      let queued = 0;
      let queueRefused = 0;
      // Polling between attempts, a later attempt finds the queueing done in the last poll it reads.
      const earlier = lastPolled(activityInfo().heartbeatDetails);
      // The listing read to queue is this attempt's first look: the jobs just queued are in it.
      let queueListing: InstallJob[] | undefined;
      if (earlier) {
        // Its jobsSeen carries on through countListing's `seenBefore`: the ids stay behind.
        queued = earlier.queued;
        queueRefused = earlier.queueRefused;
      } else if (input.queue !== 'none') {
        // Queueing installs is a create a freeze holds; following them is not.
        await freeze.check('install');
        const listed = await readCall(() => versionJobs(input.accountServiceId, input.imageVersionId));
        // Counted as seen now: on a big fleet the first jobs queued finish (and leave the listing,
        // which shows incomplete jobs only) long before the last one is queued.
        for (const job of listed) seen.add(job.jobid);
        queueListing = listed;
        const wanted = (job: InstallJob) =>
          input.queue === 'failed' ? job.jobstateid === JobState.Failed : job.jobstateid <= JobState.Pending;
        for (const job of listed.filter(wanted)) {
          // Liveness only: no details, so a retried attempt never mistakes this for poll progress.
          heartbeat();
          try {
            // Queueing a job that is already queued or running changes nothing: safe to repeat.
            await client.imageInstallQueue(input.accountServiceId, job.jobid, job.mirroring);
            queued++;
          } catch (error) {
            if (isClanforgeError(error) && error.transient) throw toActivityFailure(error);
            queueRefused++;
          }
        }
      }

      const outcome = await pollOnce<FleetObservation>({
        policy,
        fetch: async (previous) => {
          const listed = queueListing ?? (await versionJobs(input.accountServiceId, input.imageVersionId));
          queueListing = undefined;
          const openJobs = listed.filter((job) => job.jobstateid < JobState.Completed);
          // The image status only decides once no job is open (the fleet confirmed); while jobs
          // run, the listing alone says how far they are, and the last fleet counts stand.
          const fleet = openJobs.length === 0 ? await fleetStatus(input.accountServiceId, input.imageId) : undefined;
          const lastFleet = previous?.summary;
          const counted = countListing(
            listed,
            seen,
            previous?.summary.jobsSeen,
            fleet === undefined
              ? lastFleet?.fleet?.failedMachines
              : typeof fleet === 'string'
                ? undefined
                : fleet.failed_machines,
          );
          const etas = openJobs.map((job) => job.jobeta).filter((eta): eta is number => eta !== undefined && eta > 0);
          const now = Date.now();
          const ends = openJobs
            .map((job) => expectedFinishMs({ ...job, jobeta: times.correctedEta('install', job) }, now))
            .filter((end): end is number => end !== undefined);
          const fleetFields =
            fleet === undefined
              ? {
                  ...(lastFleet?.fleet && { fleet: lastFleet.fleet, byLocation: lastFleet.byLocation }),
                  ...(lastFleet?.fleetUnavailable && { fleetUnavailable: lastFleet.fleetUnavailable }),
                }
              : typeof fleet === 'string'
                ? { fleetUnavailable: fleet }
                : { fleet: fleetCountsOf(fleet), byLocation: locationsOf(fleet) };
          return {
            summary: { ...emptySummary(input.imageVersionId), ...counted, queued, queueRefused, ...fleetFields },
            soonestEta: etas.length ? Math.min(...etas) : undefined,
            latestEta: etas.length ? Math.max(...etas) : undefined,
            // The last open job's end, not the first's: one look when the fleet is done, not one per machine.
            expectedEndMs: ends.length ? Math.max(...ends) : undefined,
            notRunningLookMs: openJobs.length
              ? times.notRunningLookMs('install', latestCreated(openJobs), now)
              : undefined,
            lastUpdated: listed.length ? Math.max(...listed.map((job) => job.jobupdated)) : undefined,
          };
        },
        // Without the image status, the jobs alone decide (the workflow says so, and never completes on nothing).
        isDone: ({ summary }) =>
          summary.open === 0 &&
          (summary.fleet ? summary.fleet.pendingMachines === 0 : summary.fleetUnavailable !== undefined),
        timing: (observed): PollObservation =>
          observed.expectedEndMs === undefined
            ? { jobstateid: JobState.Queued, jobprogress: 0, notRunningLookMs: observed.notRunningLookMs }
            : { jobstateid: JobState.Running, jobprogress: 0, finishMs: observed.expectedEndMs },
        watch: input.watch && {
          thresholds: watchThresholds(policy, input.watch.stuckAfterMinutes),
          known: input.watch.known,
          clock: input.watch.clock,
          endpoint: 'imageinstall/status',
          describe: ({ summary, soonestEta, latestEta, lastUpdated }) => ({
            label: `the installs of version ${input.imageVersionId}`,
            running: summary.open > 0,
            eta: soonestEta,
            promise: latestEta,
            progressKey: `${summary.open}:${summary.failed}:${summary.done}:${lastUpdated ?? '-'}:${fleetText(summary.fleet)}`,
            progressText: summary.fleet
              ? fleetText(summary.fleet)
              : `${summary.done} done, ${summary.open} open, ${summary.failedTotal} failed`,
          }),
        },
      });
      return {
        summary: outcome.last?.summary ?? { ...emptySummary(input.imageVersionId), queued, queueRefused },
        warning: outcome.warning,
        clock: outcome.clock,
        polls: outcome.polls,
      };
    },
  };
}

/** The summary of the last poll an earlier attempt recorded. */
function lastPolled(details: unknown): InstallSummary | undefined {
  return isFollowProgress<FleetObservation>(details) ? details.last?.summary : undefined;
}

/** The open job created last: the one the fleet waits for longest. */
function latestCreated(jobs: InstallJob[]): InstallJob {
  return jobs.reduce((latest, job) => (job.jobcreated > latest.jobcreated ? job : latest));
}
