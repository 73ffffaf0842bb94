import type { FleetSwitchStatus } from '../clanforge/fleetSchemas';

/**
 * How fast a profile switch goes, from the looks at it. Clanforge reports only counts, and
 * servers are processed in batches (MaxMachines machines restart together), so the count is a
 * staircase: a look inside a batch sees none of the batch running now. The steps' height is the
 * smallest move seen; at the pace of one more step than seen the switch ends soonest, so the
 * look is planned there (the overdue cadence then follows the last batch closely), and halfway
 * there while less than half is done (a young pace is still rough).
 */
export interface SwitchPace {
  serversProcessed: number;
  /** The smallest move of the processed count seen: about one batch. */
  step?: number;
}

export function nextPace(previous: SwitchPace | undefined, status: FleetSwitchStatus): SwitchPace {
  const moved = status.serversProcessed - (previous?.serversProcessed ?? 0);
  const step = moved > 0 ? Math.min(moved, previous?.step ?? moved) : previous?.step;
  return { serversProcessed: status.serversProcessed, ...(step !== undefined && { step }) };
}

/** When to look next (ms), or undefined before the count first moved (the no-eta cadence). */
export function nextSwitchLookMs(
  pace: SwitchPace,
  status: FleetSwitchStatus,
  startedAtMs: number,
  nowMs: number,
): number | undefined {
  const total = status.serversProcessed + status.serversPending;
  if (!pace.step || total === 0 || nowMs <= startedAtMs) return undefined;
  const soonestEnd = startedAtMs + ((nowMs - startedAtMs) * total) / (status.serversProcessed + pace.step);
  return status.serversProcessed * 2 < total ? (nowMs + soonestEnd) / 2 : soonestEnd;
}
