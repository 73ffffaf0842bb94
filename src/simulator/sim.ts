import type { Logger } from 'pino';
import type { FaultConfig } from './faults';
import type { FleetEnv } from './fleets/engine';
import { InstallIndex } from './fleets/installs';
import { Hangs } from './injection';
import type { Credential, ResolvedOptions } from './options';
import { loadState, saveState } from './persistence';
import { Planner } from './planner';
import { settle } from './rollout';
import { CallStats } from './stats';
import { Store } from './store';

/** Everything one running simulator holds; shared by the API and admin handlers. */
export class Sim {
  readonly store: Store;
  readonly planner: Planner;
  readonly stats = new CallStats();
  readonly hangs = new Hangs();
  faults: FaultConfig;
  /** The keys accepted now: the startup ones until POST /_sim/credentials replaces them. */
  credentials: readonly Credential[];

  constructor(
    readonly opts: ResolvedOptions,
    readonly log: Logger,
  ) {
    this.faults = opts.faults;
    this.credentials = opts.credentials;
    this.store = new Store(opts.seed, opts.fleets, opts.now());
    if (opts.stateFile) {
      const snapshot = loadState(opts.stateFile);
      if (snapshot) {
        this.store.restore(snapshot);
        log.info({ stateFile: opts.stateFile, jobs: this.store.jobs.size }, 'state loaded');
      }
    }
    this.planner = new Planner(
      () => this.store.rng,
      opts.speed,
      () => this.faults,
    );
  }

  /** Applies clock-driven consequences (install jobs, disable rule) up to `now`. */
  settle(now: number): void {
    settle(this.store, this.planner, this.opts, now);
    if (this.store.fleets.fleets.size === 0) return;
    if (this.store.fleets.advanceAll(now, this.fleetEnv())) this.store.dirty = true;
  }

  /** The fleets' view of installs, restart times and faults, for one settle or request. */
  fleetEnv(): FleetEnv {
    return this.store.fleets.env(
      new InstallIndex(this.store),
      this.store.rng.fleet,
      (ms) => this.planner.scaled(ms),
      this.faults.unhealthyProfiles,
    );
  }

  /** Saves the state file when something changed (write-temp-then-rename). */
  persist(): void {
    if (!this.store.dirty) return;
    this.store.dirty = false;
    if (!this.opts.stateFile) return;
    try {
      saveState(this.opts.stateFile, this.store.snapshot());
    } catch (error) {
      this.log.error({ err: error, stateFile: this.opts.stateFile }, 'could not save state file');
    }
  }

  reset(): void {
    this.store.reset(this.opts.now());
    this.stats.reset();
    this.faults = this.opts.faults;
    this.credentials = this.opts.credentials;
    this.hangs.releaseAll();
  }
}
