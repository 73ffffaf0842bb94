import { JobState } from '../contract/jobStates';
import type { JobFields } from '../clanforge/schemas';
import type { JobKind } from '../contract/jobs';

/** Recent samples kept per series: enough for a stable low quantile, small enough to follow change. */
const SAMPLES = 50;
/** The quantile planned with: low, so a first look lands early rather than after the job ended. */
const QUANTILE = 0.2;

/**
 * What this worker has seen of Clanforge's timing: how long jobs sit before Running (created to
 * start, shared by all kinds: one queue) and how long each kind runs (start to eta). A job just
 * created needs no look until it has probably started and run, so its first status call is
 * planned from the jobs before it instead of spent learning "Created, no eta yet".
 * Process memory on purpose: nothing in history, and a new worker relearns within a few jobs.
 */
export class JobTimes {
  private readonly waits: number[] = [];
  private readonly runs = new Map<JobKind, number[]>();
  private readonly counted = new Set<string>();

  /** Learns from a status answer once the job has started (each job counted once). */
  observe(kind: JobKind, id: number, job: Pick<JobFields, 'jobstateid' | 'jobcreated' | 'jobstart' | 'jobeta'>): void {
    if (job.jobstateid < JobState.Running || job.jobstart === undefined || job.jobstart <= 0) return;
    const key = `${kind}/${id}/${job.jobstart}`;
    if (this.counted.has(key)) return;
    this.counted.add(key);
    if (this.counted.size > SAMPLES * 20) this.counted.clear();
    if (job.jobcreated > 0 && job.jobstart >= job.jobcreated) push(this.waits, (job.jobstart - job.jobcreated) * 1000);
    if (job.jobeta !== undefined && job.jobeta >= job.jobstart) {
      const runs = this.runs.get(kind) ?? [];
      push(runs, (job.jobeta - job.jobstart) * 1000);
      this.runs.set(kind, runs);
    }
  }

  /** How long after its creation a job of this kind is first worth asking about, if anything was learned. */
  firstLookMs(kind: JobKind): number | undefined {
    if (this.waits.length === 0) return undefined;
    const runs = this.runs.get(kind);
    return quantile(this.waits) + (runs?.length ? quantile(runs) : 0);
  }
}

function push(series: number[], value: number): void {
  series.push(value);
  if (series.length > SAMPLES) series.shift();
}

function quantile(series: number[]): number {
  const sorted = [...series].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) * QUANTILE)]!;
}
