import type { FleetKind } from './input';

export type HealthVerdict = 'healthy' | 'unhealthy' | 'unknown';

/** One health check of the new profile while baking. */
export interface CutoverHealth {
  verdict: HealthVerdict;
  /** Share of the profile's servers active and not admin-locked, 0–100 (one decimal). */
  activePercent: number;
  reason: string;
  checkedAt: string;
}

export type CutoverState =
  /** Read what is live; waiting for someone else's switch to end. */
  | 'preparing'
  /** Reservation: the switch runs; allocation: old allocations drain. */
  | 'switching'
  | 'baking'
  | 'complete'
  | 'rolling-back'
  | 'rolled-back';

export type RollbackTrigger = 'health' | 'operator' | 'cancel';

/** The rollout's `cutover` in status and result (product contract, "Live"): counts, never lists. */
export interface CutoverStatus {
  fleetId: string;
  fleetKind: FleetKind;
  profileId: number;
  /** The profile live before this cutover: what a rollback switches back to. */
  previousProfileId?: number;
  state: CutoverState;
  serversPending: number;
  serversProcessed: number;
  health?: CutoverHealth;
  bakeEndsAt?: string;
  rolledBack: boolean;
  rollbackReason?: string;
  rollbackTrigger?: RollbackTrigger;
  /** Who asked for the rollback (user@host), when a person did. */
  rollbackBy?: string;
}

/** "38/40 servers up on profile 502" — the words status, watch and the Web UI show. */
export function healthText(c: CutoverStatus, nowMs: number): string {
  const left =
    c.bakeEndsAt === undefined
      ? ''
      : `, ${Math.max(0, Math.ceil((Date.parse(c.bakeEndsAt) - nowMs) / 60_000))} min left`;
  const health = c.health ? `${c.health.verdict}: ${c.health.reason}` : 'not checked yet';
  return `${health}${left}`;
}

/**
 * The cutover in one line, for the Web UI's current details, `status` and `watch`: "cutover: fleet
 * f-1 → profile 502 (from 501); baking: healthy: 38/40 servers up on profile 502, 7 min left".
 */
export function cutoverText(c: CutoverStatus, nowMs: number): string {
  const from = c.previousProfileId === undefined ? '' : ` (from ${c.previousProfileId})`;
  const counts = `${c.serversProcessed}/${c.serversPending + c.serversProcessed} servers`;
  const head = `cutover: fleet ${c.fleetId} → profile ${c.profileId}${from}`;
  if (c.state === 'baking') return `${head}; baking: ${healthText(c, nowMs)}`;
  if (c.state === 'switching' || c.state === 'rolling-back') return `${head}; ${c.state}: ${counts} processed`;
  if (c.rolledBack) return `${head}; rolled back (${c.rollbackTrigger ?? '?'}): ${c.rollbackReason ?? ''}`;
  return `${head}; ${c.state}`;
}
