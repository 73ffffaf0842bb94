import type { FaultConfig } from './faults';
import type { DiffChanges, FileEntry, JobKind, Outcome, Timeline } from './jobs';
import type { Rng } from './random';

const MINUTE = 60_000;

/** Realistic running time per kind before --speed; each attempt gets a seeded +-20% jitter. */
const RUN_MS: Record<JobKind, number> = {
  update: 10 * MINUTE,
  diff: 5 * MINUTE,
  version: 15 * MINUTE,
  install: 8 * MINUTE,
  uninstall: 3 * MINUTE,
};
/** A stalled attempt's end: never, until /_sim/jobs completes or fails it (a finite number, so it persists as JSON). */
const STALLED_END = Number.MAX_SAFE_INTEGER;
/** Realistic seconds spent in each of Created, Pending and Queued. */
const WAIT_S: [number, number] = [5, 30];

const ERRORS: Record<JobKind, readonly string[]> = {
  update: [
    'update failed: download from url returned HTTP 403 Forbidden',
    'update failed: steamcmd exited with code 8 (no subscription)',
    'update failed: build machine ran out of disk space',
  ],
  diff: [
    'diff failed: build machine did not respond within 300 seconds',
    'diff failed: checksum calculation aborted, file changed during analysis',
    'diff failed: image files could not be read on build machine',
  ],
  version: [
    'version failed: packaging error, archive upload to storage timed out',
    'version failed: image version could not be registered, please retry',
  ],
  install: [
    'install failed: machine did not report success within the install window',
    'install failed: not enough disk space on machine',
    'install failed: checksum mismatch after transfer',
  ],
  uninstall: ['uninstall failed: machine unreachable', 'uninstall failed: could not restore last known good image'],
};

const DIRS = ['GameData', 'GameData/Maps', 'GameData/Audio', 'bin', 'config', 'Content/Paks'];
const NAMES = ['level', 'assets', 'shaders', 'server', 'weapons', 'vehicles', 'ui', 'locale', 'physics'];
const EXTS = ['.pak', '.bin', '.dat', '.so', '.json', '.bank'];

/**
 * Plans job attempts: timelines (durations, outcome) and diff contents. Reads the live fault
 * config so a change through POST /_sim/faults affects jobs planned from then on.
 */
export class Planner {
  constructor(
    /** Read at call time: the store swaps its streams on reset and restore. */
    private readonly streams: () => { plan: Rng; content: Rng },
    private readonly speed: number,
    private readonly faults: () => FaultConfig,
  ) {}

  private get rng(): Rng {
    return this.streams().plan;
  }

  private get contentRng(): Rng {
    return this.streams().content;
  }

  /** Wall-clock ms after which the --speed-scaled `realMs` has passed. */
  scaled(realMs: number): number {
    return Math.round(realMs / this.speed);
  }

  /** `notBefore`: the job stays Pending until then (install_at). */
  timeline(kind: JobKind, start: number, attempt: number, notBefore = 0): Timeline {
    const wait = (): number => this.scaled(this.rng.int(WAIT_S[0], WAIT_S[1]) * 1000);
    const pendingAt = start + wait();
    const queuedAt = Math.max(pendingAt + wait(), notBefore);
    const runningAt = queuedAt + wait();
    const duration = Math.max(1, this.scaled(RUN_MS[kind] * this.rng.between(0.8, 1.2)));
    const faults = this.faults();
    const fails = attempt <= (faults.failFirst[kind] ?? 0) || this.rng.chance(faults.fail[kind] ?? 0);
    const stalls = !fails && this.rng.chance(faults.stall[kind] ?? 0);
    const outcome: Outcome = fails ? 6 : 5;
    const endAt = fails
      ? runningAt + Math.max(1, Math.round(duration * this.rng.between(0.2, 0.9)))
      : stalls
        ? STALLED_END
        : runningAt + duration;
    return {
      startedAt: start,
      pendingAt,
      queuedAt,
      runningAt,
      endAt,
      duration,
      outcome,
      error: fails ? this.rng.pick(ERRORS[kind]) : null,
      ...(faults.etaSkew ? { etaSkew: faults.etaSkew } : {}),
    };
  }

  /** Seeded added/modified/removed maps; empty with probability `emptyDiff`. */
  diffChanges(): DiffChanges {
    const changes: DiffChanges = { added: {}, modified: {}, removed: {} };
    if (this.rng.chance(this.faults().emptyDiff)) return changes;
    const fill = (into: Record<string, FileEntry>, n: number): void => {
      for (let i = 0; i < n; i++) into[this.path()] = this.file();
    };
    fill(changes.added, this.contentRng.int(0, 3));
    fill(changes.modified, this.contentRng.int(1, 5));
    fill(changes.removed, this.contentRng.int(0, 2));
    return changes;
  }

  private path(): string {
    const r = this.contentRng;
    return `${r.pick(DIRS)}/${r.pick(NAMES)}_${r.int(0, 99)}${r.pick(EXTS)}`;
  }

  private file(): FileEntry {
    return { size: this.contentRng.int(1024, 512 * 1024 * 1024), md5: this.contentRng.hex(32) };
  }
}
