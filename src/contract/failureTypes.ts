/**
 * Failure type of a create whose response was lost after the request went out (set by the
 * create activities, read by the workflow).
 */
export const OUTCOME_UNKNOWN = 'ClanforgeOutcomeUnknown';

/** Failure type of a follow that saw its job still past stuckAfterMinutes: nothing failed, an operator is asked. */
export const JOB_STUCK = 'JobStuck';
