import { notFound } from './envelope';
import { jobState, isTerminal, type Job, type JobKind } from './jobs';
import type { FleetSpec } from './fleets/config';
import { FleetState, type FleetSnapshot } from './fleets/state';
import { Rng, streamSeed } from './random';

/** Per (ASID, image) record; created on first reference so users need no setup. */
export interface ImageRecord {
  asid: number;
  imageid: number;
  lockDiffId: number | null;
  /** Last update started on the image; it locks the image while not terminal. */
  updateId: number | null;
  versionIds: number[];
  /** Fleet machine ids, fixed per image so newer installs can squash older ones. */
  fleet: number[];
}

export interface ImageLocks {
  diffid?: number;
  updateid?: number;
}

/** What the state file holds. */
export interface StoreSnapshot {
  format: 1;
  nextId: number;
  nextMachineId: number;
  rng: { plan: number; content: number; faults: number; fleet?: number };
  jobs: Job[];
  images: ImageRecord[];
  allocations: Record<string, number>;
  /** Absent in files written before fleets existed: the configured fleets are built fresh. */
  fleets?: FleetSnapshot;
}

type JobOf<K extends JobKind> = Extract<Job, { kind: K }>;

const ID_NAMES: Record<JobKind, string> = {
  update: 'updateid',
  diff: 'diffid',
  version: 'imageversionid',
  install: 'jobid',
  uninstall: 'uninstalljobid',
};

/** All entities. Ids come from one counter so an id of the wrong kind is never found by accident. */
export class Store {
  jobs = new Map<number, Job>();
  images = new Map<string, ImageRecord>();
  /** Active-allocation knob per image id (any ASID), set through /_sim/images/<id>/allocations. */
  allocations = new Map<number, number>();
  nextId = 1001;
  nextMachineId = 50001;
  rng: { plan: Rng; content: Rng; faults: Rng; fleet: Rng };
  /** Fleets, profiles, servers and allocations (`--fleets`). */
  fleets = new FleetState();
  /** Set by every mutation; the server persists and clears it. */
  dirty = false;

  constructor(
    private readonly seed: number,
    private readonly fleetSpecs: readonly FleetSpec[] = [],
    now = Date.now(),
  ) {
    this.rng = Store.freshRngs(seed);
    this.buildFleets(now);
  }

  private static freshRngs(seed: number): Store['rng'] {
    return {
      plan: new Rng(streamSeed(seed, 'plan')),
      content: new Rng(streamSeed(seed, 'content')),
      faults: new Rng(streamSeed(seed, 'faults')),
      fleet: new Rng(streamSeed(seed, 'fleet')),
    };
  }

  /** Fleet machines take the first machine ids, so they are the same on every start. */
  private buildFleets(now: number): void {
    this.fleets.build(this.fleetSpecs, () => this.nextMachineId++, now);
  }

  reset(now = Date.now()): void {
    this.jobs.clear();
    this.images.clear();
    this.allocations.clear();
    this.nextId = 1001;
    this.nextMachineId = 50001;
    this.rng = Store.freshRngs(this.seed);
    this.buildFleets(now);
    this.dirty = true;
  }

  newId(): number {
    this.dirty = true;
    return this.nextId++;
  }

  add<J extends Job>(job: J): J {
    this.jobs.set(job.id, job);
    this.dirty = true;
    return job;
  }

  /** A job of this kind owned by this ASID, else the API's not-found error. */
  job<K extends JobKind>(kind: K, id: number, asid: number): JobOf<K> {
    const job = this.jobs.get(id);
    if (!job || job.kind !== kind || job.asid !== asid) throw notFound(ID_NAMES[kind], id);
    return job as JobOf<K>;
  }

  image(asid: number, imageid: number): ImageRecord {
    const key = `${asid}:${imageid}`;
    let image = this.images.get(key);
    if (!image) {
      image = { asid, imageid, lockDiffId: null, updateId: null, versionIds: [], fleet: [] };
      this.images.set(key, image);
      this.dirty = true;
    }
    return image;
  }

  /**
   * The machines an image's versions install on: the machines of the `--fleets` fleets that have
   * a profile on the image, else its own first n machines (`--fleet N`).
   */
  installMachines(image: ImageRecord, n: number): number[] {
    return this.fleets.machinesOfImage(image.asid, image.imageid) ?? this.fleet(image, n);
  }

  /** The fleet's first n machines, allocating new machine ids as needed. */
  fleet(image: ImageRecord, n: number): number[] {
    while (image.fleet.length < n) {
      image.fleet.push(this.nextMachineId++);
      this.dirty = true;
    }
    return image.fleet.slice(0, n);
  }

  /** What locks this image now: an open diff (not rejected, not yet a version) and/or an unfinished update. */
  locks(image: ImageRecord, now: number): ImageLocks {
    const update = image.updateId === null ? undefined : this.jobs.get(image.updateId);
    return {
      diffid: image.lockDiffId ?? undefined,
      updateid: update && !isTerminal(jobState(update, now)) ? update.id : undefined,
    };
  }

  /** The lock message for this image, or null when it is free (the diff lock is named first). */
  lockMessage(image: ImageRecord, now: number): string | null {
    const { diffid, updateid } = this.locks(image, now);
    if (diffid !== undefined) return `image locked by diffid: ${diffid}`;
    if (updateid !== undefined) return `image locked by updateid: ${updateid}`;
    return null;
  }

  /** Whether the newest version that has not failed was full (DESIGN 11). */
  lastVersionFull(image: ImageRecord, now: number): boolean {
    for (const id of [...image.versionIds].reverse()) {
      const version = this.jobs.get(id);
      if (version?.kind === 'version' && jobState(version, now) !== 6) return version.full;
    }
    return false;
  }

  snapshot(): StoreSnapshot {
    return {
      format: 1,
      nextId: this.nextId,
      nextMachineId: this.nextMachineId,
      rng: {
        plan: this.rng.plan.snapshot,
        content: this.rng.content.snapshot,
        faults: this.rng.faults.snapshot,
        fleet: this.rng.fleet.snapshot,
      },
      jobs: [...this.jobs.values()],
      images: [...this.images.values()],
      allocations: Object.fromEntries(this.allocations),
      fleets: this.fleets.snapshot(),
    };
  }

  restore(data: StoreSnapshot): void {
    if (data.format !== 1 || !Array.isArray(data.jobs) || !Array.isArray(data.images)) {
      throw new Error('state file has an unknown format');
    }
    this.jobs = new Map(data.jobs.map((job) => [job.id, job]));
    this.images = new Map(data.images.map((image) => [`${image.asid}:${image.imageid}`, image]));
    this.allocations = new Map(Object.entries(data.allocations ?? {}).map(([id, n]) => [Number(id), n]));
    this.nextId = data.nextId;
    this.nextMachineId = data.nextMachineId;
    this.rng = {
      plan: new Rng(data.rng.plan),
      content: new Rng(data.rng.content),
      faults: new Rng(data.rng.faults),
      fleet: data.rng.fleet === undefined ? this.rng.fleet : new Rng(data.rng.fleet),
    };
    if (data.fleets) this.fleets.restore(data.fleets);
  }
}
