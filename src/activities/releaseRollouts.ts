import { ApplicationFailure, Context } from '@temporalio/activity';
import { ApplicationFailureCategory } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import type { RunningRollout } from '../contract/releaseConflictText';
import { runningRolloutOf, runningRolloutsOf } from '../rollouts/releaseConflicts';
import type { RolloutOptions } from '../contract/rollout/input';
import type { RolloutResult } from '../contract/rollout/status';
import type { PollPolicy } from './pollSchedule';

/** How a rollout the release did not start (an adopted one) ended. */
export interface RolloutOutcome {
  phase: RolloutResult['phase'];
  reason?: string;
  imageVersionId?: number;
}

/** How often an adopted rollout is looked at: its end is not urgent to the second. */
const ADOPTED_LOOK_EVERY_MS = 15_000;

/**
 * What the release needs from Temporal itself (through the worker's own client, so the
 * workflow stays free of I/O): which of its images already have a running rollout, and how an
 * adopted one ended.
 */
export function releaseActivities(policy: PollPolicy) {
  return {
    /** The running rollouts of these images, each with how its input differs (empty: adoptable). */
    async runningRollouts(args: { inputs: RolloutOptions[] }): Promise<RunningRollout[]> {
      return runningRolloutsOf(Context.current().client, args.inputs);
    },

    /** This image's running rollout (or undefined when none runs now). */
    async runningRollout(args: { input: RolloutOptions }): Promise<Omit<RunningRollout, 'index'> | undefined> {
      return runningRolloutOf(Context.current().client, args.input);
    },

    /**
     * One look at an adopted rollout: its outcome once it has ended; until then a benign
     * `NotDoneYet` whose retry delay is the next look, so nothing is held between looks.
     */
    async rolloutOutcome(args: { workflowId: string; runId: string }): Promise<RolloutOutcome> {
      const handle = Context.current().client.workflow.getHandle(args.workflowId, args.runId);
      const description = await handle.describe();
      if (description.status.name === 'RUNNING') {
        throw ApplicationFailure.create({
          type: 'NotDoneYet',
          message: `${args.workflowId} is still running`,
          category: ApplicationFailureCategory.BENIGN,
          nextRetryDelay: Math.max(policy.minDelayMs, ADOPTED_LOOK_EVERY_MS / policy.timeScale),
        });
      }
      if (description.status.name !== 'COMPLETED')
        return {
          phase: description.status.name === 'CANCELLED' ? 'cancelled' : 'failed',
          reason: `rollout ${description.status.name.toLowerCase()}`,
        };
      try {
        const result = (await handle.result()) as RolloutResult;
        return { phase: result.phase, reason: result.reason, imageVersionId: result.imageVersionId };
      } catch (error) {
        if (error instanceof WorkflowFailedError)
          return { phase: 'failed', reason: error.cause?.message ?? error.message };
        throw error;
      }
    },
  };
}
