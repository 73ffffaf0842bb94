import { JobState } from '../contract/jobStates';
import type { JobFields } from '../clanforge/schemas';
import type { JobKind } from '../contract/jobs';

/** Recent samples kept per series: enough for a stable quantile, small enough to follow change. */
const SAMPLES = 50;
/** The quantile planned with: low, so a look lands before the job ends rather than after. */
const QUANTILE = 0.2;
/** The quantile of the queue waits by which a job not running yet has most likely started. */
const WAIT_PASSED = 0.8;
/** Jobs whose first announced run is remembered until they are seen to end. */
const ANNOUNCED_KEPT = 1_000;

/** Every kind of job whose timing a look is planned from (installs are read from the listing). */
export type TimedKind = JobKind | 'install';

type Timed = Pick<JobFields, 'jobstateid' | 'jobcreated' | 'jobstart' | 'jobeta' | 'jobupdated'>;

/**
 * What this worker has seen of Clanforge's timing, so a look is spent where it tells something:
 * - how long jobs sit before Running (created to start, shared by all kinds: one queue);
 * - how long each kind runs (start to the end seen, or to its first eta while none ended yet);
 * - how far each kind's etas are off (the run seen over the run first announced), so a kind
 *   whose etas run early or late is looked at when it really ends, not at its eta.
 * Process memory on purpose: nothing in history, and a new worker relearns within a few jobs.
 */
export class JobTimes {
  private readonly waits: number[] = [];
  private readonly runs = new Map<TimedKind, number[]>();
  private readonly announcedRuns = new Map<TimedKind, number[]>();
  private readonly etaRatios = new Map<TimedKind, number[]>();
  /** `kind/id/jobstart` → the run its first eta announced; cleared when seen to end. */
  private readonly announced = new Map<string, number>();
  private readonly ended = new Set<string>();

  /** Learns from a status answer (each job's wait, announced run and real run counted once). */
  observe(kind: TimedKind, id: number, job: Timed): void {
    if (job.jobstateid < JobState.Running || job.jobstart === undefined || job.jobstart <= 0) return;
    const key = `${kind}/${id}/${job.jobstart}`;
    if (this.ended.has(key)) return;
    const firstSeen = !this.announced.has(key);
    if (firstSeen && job.jobcreated > 0 && job.jobstart >= job.jobcreated)
      push(this.waits, (job.jobstart - job.jobcreated) * 1000);
    if (job.jobstateid === JobState.Running) {
      if (firstSeen && job.jobeta !== undefined && job.jobeta > job.jobstart) {
        const run = (job.jobeta - job.jobstart) * 1000;
        this.announced.set(key, run);
        push(series(this.announcedRuns, kind), run);
        if (this.announced.size > ANNOUNCED_KEPT) this.announced.delete(this.announced.keys().next().value!);
      } else if (firstSeen) this.announced.set(key, 0);
      return;
    }
    // Ended: `jobupdated` is when it left Running.
    this.ended.add(key);
    if (this.ended.size > ANNOUNCED_KEPT) this.ended.clear();
    const announced = this.announced.get(key);
    this.announced.delete(key);
    if (job.jobstateid !== JobState.Completed || job.jobupdated < job.jobstart) return;
    const run = (job.jobupdated - job.jobstart) * 1000;
    push(series(this.runs, kind), run);
    if (announced) push(series(this.etaRatios, kind), run / announced);
  }

  /** How long after its creation a job of this kind is first worth asking about, if anything was learned. */
  firstLookMs(kind: TimedKind): number | undefined {
    if (this.waits.length === 0) return undefined;
    return quantile(this.waits) + (this.runMs(kind) ?? 0);
  }

  /**
   * When to look again at a job not running yet: once it has most likely left the queue (a
   * high quantile of the waits: looking late costs nothing, it still has to run) and, where the
   * kind's runs are known, run its shortest likely run. With no wait learned yet, the job's own
   * pace through Created, Pending and Queued so far says when it reaches Running. Undefined when
   * nothing tells: the kind's cadence decides.
   */
  notRunningLookMs(
    kind: TimedKind,
    job: Pick<JobFields, 'jobstateid' | 'jobcreated' | 'jobupdated'>,
    nowMs: number,
  ): number | undefined {
    const untilStarted = this.waits.length
      ? job.jobcreated * 1000 + quantile(this.waits, WAIT_PASSED) - nowMs
      : ownPaceUntilRunning(job, nowMs);
    if (untilStarted === undefined) return undefined;
    const run = this.runMs(kind);
    if (run === undefined) return untilStarted > 0 ? untilStarted : undefined;
    return Math.max(0, untilStarted) + run;
  }

  /**
   * The eta of a running job, corrected by how far this kind's etas were off (the median of the
   * runs seen over the runs announced); the reported eta while nothing ended yet.
   */
  correctedEta(kind: TimedKind, job: { jobstart?: number; jobeta?: number }): number | undefined {
    const ratios = this.etaRatios.get(kind);
    if (!ratios?.length || job.jobeta === undefined || job.jobstart === undefined || job.jobeta <= job.jobstart)
      return job.jobeta;
    return Math.round(job.jobstart + (job.jobeta - job.jobstart) * quantile(ratios, 0.5));
  }

  private runMs(kind: TimedKind): number | undefined {
    const seen = this.runs.get(kind);
    if (seen?.length) return quantile(seen);
    const announced = this.announcedRuns.get(kind);
    return announced?.length ? quantile(announced) : undefined;
  }
}

/** A job that left Created: each state so far took (updated − created) / states passed; the rest likely take as long. */
function ownPaceUntilRunning(job: Pick<JobFields, 'jobstateid' | 'jobcreated' | 'jobupdated'>, nowMs: number) {
  const passed = job.jobstateid - JobState.Created;
  if (passed <= 0 || job.jobstateid >= JobState.Running || job.jobupdated <= job.jobcreated) return undefined;
  const perState = ((job.jobupdated - job.jobcreated) * 1000) / passed;
  return job.jobupdated * 1000 + (JobState.Running - job.jobstateid) * perState - nowMs;
}

function series(map: Map<TimedKind, number[]>, kind: TimedKind): number[] {
  let values = map.get(kind);
  if (!values) map.set(kind, (values = []));
  return values;
}

function push(values: number[], value: number): void {
  values.push(value);
  if (values.length > SAMPLES) values.shift();
}

function quantile(values: number[], q = QUANTILE): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.round((sorted.length - 1) * q)]!;
}
