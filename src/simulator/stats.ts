import { JOB_KINDS, STATE_NAMES, jobState, type JobStateId } from './jobs';
import type { Store } from './store';

/** Endpoint templates as reported by GET /_sim/stats (fixed names, product contract). */
export const TEMPLATES = [
  'imageupdate/create',
  'imageupdate/status',
  'imageupdate/retry',
  'imagediff/create',
  'imagediff/status',
  'imagediff/retry',
  'imagediff/reject',
  'imageversion/create',
  'imageversion/status',
  'imageinstall/status',
  'imageinstall/queue',
  'v2/image/status',
  'image/options',
  'v2/fleet/switchprofile',
  'v2/fleet/switchprofile/status',
  'profile/list',
  'server/list',
  'server/status',
  'server/allocate',
  'v2/fleet/server/allocate',
  'server/allocations',
  'v2/fleet/allocations',
  'server/deallocate',
  'v2/fleet/server/deallocate',
] as const;
export type Template = (typeof TEMPLATES)[number];

/** Request counters per endpoint template; every request that matched counts, faults included. */
export class CallStats {
  private counts = new Map<Template, number>();

  count(template: Template): void {
    this.counts.set(template, (this.counts.get(template) ?? 0) + 1);
  }

  reset(): void {
    this.counts.clear();
  }

  toJson(): Record<string, number> {
    return Object.fromEntries(TEMPLATES.map((t) => [t, this.counts.get(t) ?? 0]));
  }
}

/** `{ kind: { StateName: n } }` over all jobs at `now`; every state listed, zeros included. */
export function jobStats(store: Store, now: number): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const kind of JOB_KINDS) {
    const states: JobStateId[] = kind === 'install' ? [1, 2, 3, 4, 5, 6, 7] : [1, 2, 3, 4, 5, 6];
    out[kind] = Object.fromEntries(states.map((s) => [STATE_NAMES[s], 0]));
  }
  for (const job of store.jobs.values()) {
    const bucket = out[job.kind];
    const name = STATE_NAMES[jobState(job, now)];
    if (bucket) bucket[name] = (bucket[name] ?? 0) + 1;
  }
  return out;
}
