/** Clanforge job states (docs: "Game image job states"). 5, 6 and 7 are terminal. */
export const JobState = {
  Created: 1,
  Pending: 2,
  Queued: 3,
  Running: 4,
  Completed: 5,
  Failed: 6,
  Squashed: 7,
} as const;

export type JobStateId = (typeof JobState)[keyof typeof JobState];

const TERMINAL: ReadonlySet<number> = new Set([JobState.Completed, JobState.Failed, JobState.Squashed]);

export function isTerminalState(stateId: number | undefined): boolean {
  return stateId !== undefined && TERMINAL.has(stateId);
}

/** Names for states when the API leaves `jobstatename` out or we report a state we inferred. */
export function stateName(stateId: number): string {
  const entry = Object.entries(JobState).find(([, id]) => id === stateId);
  return entry ? entry[0] : `State${stateId}`;
}
