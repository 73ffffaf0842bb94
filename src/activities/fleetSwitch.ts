import type { ClanforgeClient } from '../clanforge/client';
import type { FleetSwitchStatus } from '../clanforge/fleetSchemas';
import type { FleetKind } from '../contract/cutover/input';
import { JobState } from '../contract/jobStates';
import { writeCall } from './failures';
import type { CreateGate } from './freezeGate';
import { pollOnce } from './pollOnce';
import { DEFAULT_POLL_POLICY, type PollPolicy } from './pollSchedule';
import { nextPace, nextSwitchLookMs, type SwitchPace } from './switchPace';

export interface CutoverPlanInput {
  accountServiceId: number;
  fleetId: string;
  fleetKind: FleetKind;
  profileId: number;
}

/** What is live on a fleet, and why a cutover to `profileId` cannot go ahead (each names the field). */
export interface CutoverPlan {
  /** The profile live now (reservation: the switch status; allocation: the fleet profile most servers run). */
  liveProfileId?: number;
  /** Someone's switch still running: to be waited on, never overridden. */
  switchInProgress?: { profileId: number; state: string; serversPending: number };
  problems: string[];
}

export interface FollowSwitchInput {
  fleetId: string;
  /** The profile the followed switch goes to: a switch to another one has replaced it. */
  profileId: number;
  /** When the switch was sent (ms): its progress extrapolates from here. */
  startedAtMs: number;
}

export interface FollowSwitchResult {
  switch: FleetSwitchStatus;
  polls: number;
}

export interface DrainInput {
  accountServiceId: number;
  /** The profile allocations are drained from. */
  profileId: number;
  /** Give up waiting (ms since the epoch): the cutover's timeout. */
  deadlineMs: number;
}

export interface DrainResult {
  allocated: number;
  timedOut: boolean;
  polls: number;
}

const RUNNING = JobState.Running;

/** The profile switch and what comes before it: the plan, the PATCH, the follow (and an allocation fleet's drain). */
export function fleetSwitchActivities(
  client: ClanforgeClient,
  freeze: CreateGate,
  policy: PollPolicy = DEFAULT_POLL_POLICY,
) {
  return {
    async cutoverPlan(input: CutoverPlanInput): Promise<CutoverPlan> {
      const problems: string[] = [];
      const profiles = (await client.profileList({ accountServiceId: input.accountServiceId })).filter(
        (p) => p.fleetId === input.fleetId,
      );
      if (profiles.length === 0) {
        return {
          problems: [`cutover.fleetId: fleet ${input.fleetId} has no profile on ASID ${input.accountServiceId}`],
        };
      }
      if (!profiles.some((p) => p.profileId === input.profileId)) {
        const ids = profiles.map((p) => p.profileId).join(', ');
        problems.push(
          `cutover.profileId: profile ${input.profileId} is not on fleet ${input.fleetId} (its profiles: ${ids})`,
        );
      }
      let liveProfileId: number | undefined;
      let switchInProgress: CutoverPlan['switchInProgress'];
      if (input.fleetKind === 'reservation') {
        const current = await client.fleetSwitchStatus(input.fleetId);
        if (current.state === 'pending' || current.state === 'processing') {
          switchInProgress = {
            profileId: current.profileId,
            state: current.state,
            serversPending: current.serversPending,
          };
        } else liveProfileId = current.profileId;
      } else {
        // No switch to read: the profile most of the fleet's servers run is the live one.
        let most = -1;
        for (const p of profiles) {
          const servers = (
            await client.serverList({ accountServiceId: input.accountServiceId, profileId: p.profileId })
          ).length;
          if (servers > most) [most, liveProfileId] = [servers, p.profileId];
        }
      }
      if (liveProfileId === input.profileId && input.fleetKind === 'reservation') {
        problems.push(`cutover.profileId: profile ${input.profileId} is already live on fleet ${input.fleetId}`);
      }
      return { liveProfileId, switchInProgress, problems };
    },

    /**
     * PATCH switchprofile: a create (one attempt per intended switch; see createOnce). A lost
     * answer is ClanforgeOutcomeUnknown (writeCall), so the workflow looks before sending again.
     */
    async startFleetSwitch(input: {
      fleetId: string;
      profileId: number;
      timeout: string;
      maxMachines?: number;
      /** Going live, or back (a rollback, which a freeze holds only with includeRollbacks). */
      purpose?: 'cutover' | 'rollback';
    }): Promise<FleetSwitchStatus> {
      const { purpose = 'cutover', ...target } = input;
      await freeze.check(purpose);
      return writeCall(() => client.fleetSwitchProfile(target));
    },

    fleetSwitchStatus(input: { fleetId: string }): Promise<FleetSwitchStatus> {
      return client.fleetSwitchStatus(input.fleetId);
    },

    /** Follows a switch to `complete` (or until another switch replaced it), one look per attempt. */
    async followFleetSwitch(input: FollowSwitchInput): Promise<FollowSwitchResult> {
      const outcome = await pollOnce<FleetSwitchStatus & { pace?: SwitchPace }>({
        policy,
        fetch: async (previous) => {
          const status = await client.fleetSwitchStatus(input.fleetId);
          return { ...status, pace: nextPace(previous?.pace, status) };
        },
        isDone: (s) => s.state === 'complete' || s.state === 'not requested' || s.profileId !== input.profileId,
        timing: (s) => {
          // From the pace of its batches (switchPace.ts); before the first ended, the no-eta cadence.
          const endMs = s.pace && nextSwitchLookMs(s.pace, s, input.startedAtMs, Date.now());
          return endMs === undefined
            ? { jobstateid: RUNNING, jobprogress: 0 }
            : { jobstateid: RUNNING, jobprogress: 0, finishMs: endMs };
        },
      });
      const { pace: _pace, ...last } = outcome.last!;
      return { switch: last, polls: outcome.polls };
    },

    /** Allocation fleet: follows the servers still allocated on the old profile until none, or the deadline. */
    async followAllocationDrain(input: DrainInput): Promise<DrainResult> {
      const outcome = await pollOnce<{ allocated: number; at: number }>({
        policy,
        fetch: async () => ({
          allocated: (
            await client.serverList({
              accountServiceId: input.accountServiceId,
              profileId: input.profileId,
              allocated: true,
            })
          ).length,
          at: Date.now(),
        }),
        isDone: (s) => s.allocated === 0 || s.at >= input.deadlineMs,
        timing: () => ({ jobstateid: RUNNING, jobprogress: 0, jobeta: Math.ceil(input.deadlineMs / 1000) }),
      });
      const last = outcome.last!;
      return { allocated: last.allocated, timedOut: last.allocated > 0, polls: outcome.polls };
    },
  };
}
