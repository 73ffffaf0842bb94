/**
 * Failure type of a create whose response was lost after the request went out (set by the
 * create activities, read by the workflow).
 */
export const OUTCOME_UNKNOWN = 'ClanforgeOutcomeUnknown';

/** Failure type of a follow that saw its job still past stuckAfterMinutes: nothing failed, an operator is asked. */
export const JOB_STUCK = 'JobStuck';

/** Failure type of a call Clanforge refused for its credentials (401, retried on another worker; 403 is final). */
export const CREDENTIALS_REFUSED = 'ClanforgeAuthError';
