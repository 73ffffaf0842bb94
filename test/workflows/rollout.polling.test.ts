import { describe, expect, it } from 'vitest';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { sleep } from '../support/wait';

// Polling between activity attempts (activities/pollOnce.ts), against the real dev server: while a
// rollout waits for a job nothing runs on the worker, the next poll is scheduled by the server at
// the job's eta, and the live status still shows the last poll.
const ASID = 1001;

describe('a rollout waiting for a job (one poll per activity attempt)', () => {
  // Speed 2: a diff runs ~2.5 min, so its eta is well past the retry policy's 1-minute maximumInterval.
  const h = useRolloutHarness({ speed: 2, fleet: 2 });

  it(
    'holds no activity slot, is polled next at the eta (beyond maximumInterval), and shows the last poll live',
    { timeout: 240_000 },
    async () => {
      const { workflowId } = await h.rollouts.startRollout({ accountServiceId: ASID, imageId: 8101, machineId: 7 });
      const running = await h.waitForStatus(
        workflowId,
        (s) => s.phase === 'diffing' && s.job?.jobstatename === 'Running',
        180_000,
      );
      expect(running.job?.jobeta).toBeGreaterThan(Date.now() / 1000 + 60);

      // The worker runs nothing while the rollout waits: sampled over 5 s.
      const inFlight: number[] = [];
      for (let i = 0; i < 50; i++) {
        inFlight.push(h.inFlightActivities());
        await sleep(100);
      }
      expect(Math.max(...inFlight)).toBe(0);

      // The follower is a scheduled attempt whose next try is due at the job's eta, not within the policy's 1-minute cap.
      const { raw } = await h.rollouts.handle(workflowId).describe();
      const follower = raw.pendingActivities?.find((a) => a.activityType?.name === 'followJob');
      expect(follower?.state).toBe(1); // PENDING_ACTIVITY_STATE_SCHEDULED
      expect(Number(follower?.attempt)).toBeGreaterThan(1);
      expect(follower?.lastFailure?.applicationFailureInfo?.type).toBe('NotDoneYet');
      const nextAttemptMs = Number(follower?.nextAttemptScheduleTime?.seconds ?? 0) * 1000;
      expect(nextAttemptMs - Date.now()).toBeGreaterThan(60_000);
      expect(nextAttemptMs).toBeGreaterThanOrEqual(running.job!.jobeta! * 1000 - 5_000);

      // Live status is the last poll's answer, read from the pending attempt's recorded heartbeat.
      const live = await h.rollouts.getRollout(workflowId);
      expect(live.job?.jobstatename).toBe('Running');
      expect(live.job?.jobeta).toBe(running.job?.jobeta);

      // Cancelling does not wait for the next poll: the follower is cancelled before that poll was due.
      await h.rollouts.cancelRollout(workflowId, 'test: cancel between polls');
      const result = await h.rollouts.result(workflowId);
      expect(result.phase).toBe('cancelled');
      const history = await h.rollouts.handle(workflowId).fetchHistory();
      const cancelled = history.events?.find((e) => e.activityTaskCanceledEventAttributes);
      expect(cancelled).toBeDefined();
      expect(Number(cancelled!.eventTime!.seconds) * 1000).toBeLessThan(nextAttemptMs);
    },
  );
});
