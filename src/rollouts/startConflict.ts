import type { InputDifference } from '../contract/releaseConflictText';
import { installAtSeconds, type RolloutOptions } from '../contract/rollout/input';

/** A start refused: a rollout with this id is running with a different input (nothing was started). */
export class RolloutConflict extends Error {
  constructor(
    readonly workflowId: string,
    readonly runId: string,
    readonly differences: InputDifference[],
  ) {
    super(
      `rollout ${workflowId} is already running with a different input: ${differences.map(describeDifference).join('; ')}`,
    );
    this.name = 'RolloutConflict';
  }
}

function describeDifference(d: InputDifference): string {
  return `${d.field}: running ${shown(d.running)}, requested ${shown(d.requested)}`;
}

function shown(value: unknown): string {
  return value === undefined ? 'unset' : JSON.stringify(value);
}

/**
 * The fields two parsed inputs differ in, in schema order. Both went through the same zod
 * schema (defaults filled); installAt is compared as an instant, so `1767261600` and
 * `2026-01-01T10:00:00Z` are the same request.
 */
export function inputDifferences(running: Partial<RolloutOptions>, requested: RolloutOptions): InputDifference[] {
  const a = comparable(running);
  const b = comparable(requested);
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return fields
    .filter((field) => JSON.stringify(a[field]) !== JSON.stringify(b[field]))
    .map((field) => ({ field, running: a[field], requested: b[field] }));
}

function comparable(input: Partial<RolloutOptions>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  const seconds = installAtSeconds(input.installAt);
  out.installAt = seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}
