import type { Sinks } from '@temporalio/workflow';

/**
 * What the workflow reports to the worker's metrics, through a Temporal sink (workflow code does
 * no I/O; sinks run in the worker and, by default, not during replay, so nothing counts twice).
 */
export interface RolloutMetricsSinks extends Sinks {
  rolloutMetrics: {
    phaseEntered(phase: string, previous: string | null, previousSeconds: number): void;
    /** An operator action taken; `named`: whether it said who sent it (the name itself is never a label). */
    operatorAction(action: string, named: boolean): void;
    /** A webhook event the workflow gave up on itself (its queue full, or its delivery failed outright). */
    notificationDropped(): void;
    /** A cutover ended: completed (baked healthy), rolled-back or cancelled. */
    cutoverEnded(outcome: 'completed' | 'rolled-back' | 'cancelled'): void;
    /** A fleet switched back: by a failed health check, an operator's rollback, or a cancel. */
    rolledBack(trigger: 'health' | 'operator' | 'cancel'): void;
  };
}
