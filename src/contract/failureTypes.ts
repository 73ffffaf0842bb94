/**
 * Failure type of a create whose response was lost after the request went out (set by the
 * create activities, read by the workflow).
 */
export const OUTCOME_UNKNOWN = 'ClanforgeOutcomeUnknown';
