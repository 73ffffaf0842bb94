import { forceTerminal, isTerminal, jobState, type InstallJob, type VersionJob } from './jobs';
import type { Planner } from './planner';
import type { Store } from './store';

export const LOCATIONS = ['eu-west', 'us-east', 'ap-south'] as const;

export interface FleetConfig {
  /** Machines per image that get an install job when a version completes. */
  fleet: number;
  /** How many of those install jobs are mirroring jobs. */
  mirrors: number;
}

/**
 * Applies what follows from the clock but changes data: install jobs for versions that have
 * completed and the disable_timeout rule. Run before every request; events are stamped with the
 * time they happened, not the time they were noticed, so results do not depend on polling.
 */
export function settle(store: Store, planner: Planner, config: FleetConfig, now: number): void {
  const versions = [...store.jobs.values()].filter((job): job is VersionJob => job.kind === 'version');
  for (const version of versions) {
    if (!version.installsCreated && jobState(version, now) === 5) createInstalls(store, planner, config, version);
    if (version.disable && version.installsCreated && !version.disableApplied)
      applyDisable(store, planner, version, now);
  }
}

function createInstalls(store: Store, planner: Planner, config: FleetConfig, version: VersionJob): void {
  const at = version.timeline.endAt;
  const image = store.image(version.asid, version.imageid);
  const installAtMs = version.installAt === null ? 0 : version.installAt * 1000;
  store.installMachines(image, config.fleet).forEach((machine, i) => {
    const location = LOCATIONS[i % LOCATIONS.length] ?? 'eu-west';
    const mirroring = i < config.mirrors;
    store.add<InstallJob>({
      kind: 'install',
      id: store.newId(),
      asid: version.asid,
      imageid: version.imageid,
      createdAt: at,
      attempts: 1,
      priorFailures: 0,
      timeline: planner.timeline('install', at, 1, installAtMs),
      versionid: version.id,
      machine,
      location,
      mirroring,
      mirror: mirroring ? `mirror-${location}` : null,
      restart: version.restart,
      imagepath: `/srv/clanforge/images/${version.imageid}/${version.id}`,
      installAt: version.installAt ?? Math.floor(at / 1000),
    });
  });
  version.installsCreated = true;
  store.dirty = true;
}

export function installsOf(store: Store, versionId: number): InstallJob[] {
  return [...store.jobs.values()].filter(
    (job): job is InstallJob => job.kind === 'install' && job.versionid === versionId,
  );
}

/**
 * DESIGN 14: once disable_timeout has passed since the version completed and the share of
 * successful installs has reached disable_percentage, the remaining installs fail (disabled).
 */
function applyDisable(store: Store, planner: Planner, version: VersionJob, now: number): void {
  const rule = version.disable;
  if (!rule) return;
  const installs = installsOf(store, version.id);
  const deadline = version.timeline.endAt + planner.scaled(rule.timeoutMinutes * 60_000);
  const needed = Math.ceil((rule.percentage / 100) * installs.length);
  const successes = installs
    .filter((job) => job.timeline.outcome === 5)
    .map((job) => job.timeline.endAt)
    .sort((a, b) => a - b);
  if (needed > successes.length) return; // not reachable with the current plans
  const at = Math.max(deadline, needed === 0 ? 0 : (successes[needed - 1] ?? 0));
  if (at > now) return;
  for (const job of installs) {
    if (isTerminal(jobState(job, at))) continue;
    forceTerminal(
      job,
      at,
      6,
      `install failed: machine disabled, no success reported within disable_timeout (${rule.timeoutMinutes} min)`,
    );
  }
  version.disableApplied = true;
  store.dirty = true;
}
