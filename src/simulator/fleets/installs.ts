import { jobState, type InstallJob } from '../jobs';
import type { Store } from '../store';

/**
 * Install jobs by (ASID, image, machine), newest first: what a server needs to know to start an
 * image. Built once per settle (jobs do not change while the fleets are advanced).
 */
export class InstallIndex {
  private readonly byMachine = new Map<string, InstallJob[]>();

  constructor(store: Store) {
    for (const job of store.jobs.values()) {
      // A squashed install was superseded by a newer one of the same machine.
      if (job.kind !== 'install' || job.timeline.outcome === 7) continue;
      const key = InstallIndex.key(job.asid, job.imageid, job.machine);
      const list = this.byMachine.get(key) ?? [];
      list.push(job);
      this.byMachine.set(key, list);
    }
    for (const list of this.byMachine.values()) list.sort((a, b) => b.id - a.id);
  }

  private static key(asid: number, imageid: number, machine: number): string {
    return `${asid}:${imageid}:${machine}`;
  }

  /** The newest install of the image on the machine that existed at `t`, if any. */
  latest(asid: number, imageid: number, machine: number, t: number): InstallJob | undefined {
    return this.byMachine.get(InstallIndex.key(asid, imageid, machine))?.find((job) => job.createdAt <= t);
  }

  /**
   * Our choice: the image is ready on a machine when its newest install there is Completed, or
   * when it has none (the image was installed before the simulator started).
   */
  ready(asid: number, imageid: number, machine: number, t: number): boolean {
    const job = this.latest(asid, imageid, machine, t);
    return job === undefined || jobState(job, t) === 5;
  }

  /** An install of the image is running on the machine: its servers are admin-locked (5.2 locks). */
  running(asid: number, imageid: number, machine: number, t: number): boolean {
    const job = this.latest(asid, imageid, machine, t);
    return job !== undefined && jobState(job, t) === 4;
  }
}
