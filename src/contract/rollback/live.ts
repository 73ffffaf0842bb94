/** The workflow that made a profile live on a fleet: a rollout's cutover (or its rollback), or a `rollback`. */
export interface LiveMaker {
  workflowId: string;
  runId: string;
  workflowType: 'rollout' | 'rollback';
  /** How it ended: `completed` (a cutover or a rollback), or `rolled-back` (a rollout that switched back itself). */
  phase: string;
  closedAt: string;
  /** A rollback: who asked, and why. */
  by?: string;
  reason?: string;
}

/** What `live --fleet F` shows (client fleetLive): read from Temporal's visibility and the makers' results. */
export interface FleetLive {
  fleetId: string;
  /** The live profile, as the last workflow that switched the fleet left it; absent when none did. */
  profileId?: number;
  /** The image of that profile and its build, from the rollout that put it live (absent when no rollout did). */
  imageId?: number;
  gameBuild?: string;
  /** The rollout whose image this is (for a rollback: the earlier rollout that made the profile live). */
  imageRolloutId?: string;
  madeLiveBy?: LiveMaker;
  /** The fleet's switch status as Clanforge reports it now (reservation fleets), or why it could not be read. */
  clanforge?:
    { profileId: number; state: string; serversPending: number; serversProcessed: number } | { error: string };
}

/** A workflow that switched a fleet after a rollout completed: why that rollout can no longer be rolled back. */
export interface LaterSwitch {
  workflowId: string;
  type: 'rollout' | 'rollback';
}
