// Plain data and words only: the release workflow imports this, so no client code.

/** One field a second start asked for differently from the running rollout. */
export interface InputDifference {
  field: string;
  running: unknown;
  requested: unknown;
}

/** A rollout of one of the release's images, already running when the release wants to start it. */
export interface RunningRollout {
  /** Index in the release's `images`. */
  index: number;
  workflowId: string;
  runId: string;
  /** Its RolloutPhase search attribute when it was read. */
  phase?: string;
  /** Empty: the same input, so the release adopts it. Otherwise the fields that differ. */
  differences: InputDifference[];
}

/** One line per conflicting image, for errors and the release's reason. */
export function describeConflicts(conflicts: RunningRollout[]): string {
  return conflicts
    .map(
      (c) =>
        `images[${c.index}]: ${c.workflowId} is running with a different input (${c.differences.map((d) => `${d.field}: running ${JSON.stringify(d.running) ?? 'unset'}, requested ${JSON.stringify(d.requested) ?? 'unset'}`).join('; ')})`,
    )
    .join('; ');
}
