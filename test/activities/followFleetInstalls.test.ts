import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import type { ClanforgeClient } from '../../src/clanforge/client';
import { ClanforgeError } from '../../src/clanforge/errors';
import type { ImageRolloutStatus, InstallJob } from '../../src/clanforge/schemas';
import { followFleetActivity, type FollowFleetResult } from '../../src/activities/followFleetInstalls';
import { NOT_DONE_YET } from '../../src/activities/pollOnce';
import { DEFAULT_POLL_POLICY, scalePolicy } from '../../src/activities/pollSchedule';

// The fleet follower against a scripted Clanforge (no server): what it concludes from what it reads.
const policy = scalePolicy(DEFAULT_POLL_POLICY, 1_000);
const job = (jobid: number, jobstateid: number): InstallJob =>
  ({
    jobid,
    jobstateid,
    jobstatename: String(jobstateid),
    jobprogress: 0,
    jobfailed: 0,
    jobcreated: 0,
    jobupdated: 0,
    success: true,
    mirroring: false,
    target_imageversionid: 9,
    machine: jobid,
    location: 'eu-west',
  }) as InstallJob;

function scripted(listings: InstallJob[][], imageStatus: () => Promise<ImageRolloutStatus>, pollPolicy = policy) {
  let poll = 0;
  const client = {
    imageInstallStatus: () => Promise.resolve(listings[Math.min(poll++, listings.length - 1)]!),
    imageInstallQueue: () => Promise.resolve({}),
    imageStatus,
  } as unknown as ClanforgeClient;
  return followFleetActivity(client, { check: async () => {} }, pollPolicy);
}

/**
 * Runs attempts as Temporal's retry policy would: an attempt that is not done yet throws
 * NotDoneYet, and the next one starts from the heartbeat details the last one left.
 */
async function run(activities: ReturnType<typeof followFleetActivity>): Promise<FollowFleetResult> {
  let heartbeatDetails: unknown;
  for (let attempt = 1; attempt <= 20; attempt++) {
    const env = new MockActivityEnvironment({ heartbeatDetails, heartbeatTimeoutMs: 0 });
    env.on('heartbeat', (details: unknown) => (heartbeatDetails = details));
    try {
      return (await env.run(() =>
        activities.followFleetInstalls({ accountServiceId: 1, imageId: 2, imageVersionId: 9, queue: 'none' }),
      )) as FollowFleetResult;
    } catch (error) {
      if (!(error instanceof ApplicationFailure) || error.type !== NOT_DONE_YET) throw error;
    }
  }
  throw new Error('followFleetInstalls was not done after 20 attempts');
}

describe('followFleetInstalls', () => {
  it('is done when no job is open and the image status has no pending machine', async () => {
    const counts = {
      pending_machines: 0,
      failed_machines: 0,
      completed_machines: 2,
      fleets: {
        '2': {
          pending_machines: 0,
          failed_machines: 0,
          completed_machines: 2,
          regions: { '1': { name: 'eu-west', pending_machines: 0, failed_machines: 0, completed_machines: 2 } },
        },
      },
    };
    const result = await run(scripted([[job(1, 4), job(2, 4)], []], () => Promise.resolve(counts)));
    expect(result.summary).toMatchObject({
      jobsSeen: 2,
      open: 0,
      done: 2,
      fleet: { pendingMachines: 0, failedMachines: 0, completedMachines: 2 },
      byLocation: { 'eu-west': { completedMachines: 2 } },
    });
  });

  it('without the v2 image status (404 for this account), confirms from the jobs and says why', async () => {
    const notFound = () =>
      Promise.reject(
        new ClanforgeError(
          {
            type: 'ClanforgeNotFound',
            endpoint: 'v2/image/status',
            ids: { imageid: 2 },
            httpStatus: 404,
            mayHaveTakenEffect: false,
          },
          'not found',
        ),
      );
    const result = await run(scripted([[job(1, 4), job(2, 4)], [job(2, 4)], []], notFound));
    expect(result.summary).toMatchObject({ jobsSeen: 2, open: 0, done: 2 });
    expect(result.summary.fleet).toBeUndefined();
    expect(result.summary.fleetUnavailable).toMatch(/HTTP 404/);
  });

  it('looks when the last open job should end, and reads the image status only once none is open', async () => {
    const now = Math.floor(Date.now() / 1000);
    const runningUntil = (jobid: number, eta: number) => ({ ...job(jobid, 4), jobstart: now, jobeta: eta });
    let imageStatusReads = 0;
    const counts = { pending_machines: 0, failed_machines: 0, completed_machines: 2 };
    // Real-time delays: the etas are real seconds from now.
    const activities = scripted(
      [[runningUntil(1, now + 10), runningUntil(2, now + 40)], []],
      () => {
        imageStatusReads++;
        return Promise.resolve(counts);
      },
      DEFAULT_POLL_POLICY,
    );
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 0 });
    const first = await env
      .run(() => activities.followFleetInstalls({ accountServiceId: 1, imageId: 2, imageVersionId: 9, queue: 'none' }))
      .catch((error: unknown) => error);
    expect(first).toBeInstanceOf(ApplicationFailure);
    // Not at the first job's eta (10 s): at the end of the last one's second (40 s), plus the margin.
    const delay = (first as ApplicationFailure).nextRetryDelay as number;
    expect(delay).toBeGreaterThan(40_000);
    expect(delay).toBeLessThanOrEqual(42_000);
    expect(imageStatusReads).toBe(0);
    const result = await run(activities);
    expect(result.summary).toMatchObject({ open: 0, fleet: { pendingMachines: 0, completedMachines: 2 } });
    expect(imageStatusReads).toBe(1);
  });
});
