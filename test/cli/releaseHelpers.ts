import { vi } from 'vitest';
import type {
  ActionAccepted,
  ActorOptions,
  ReleaseImageStatus,
  ReleaseInput,
  ReleaseStatus,
  ReleaseSummary,
  StartedRelease,
} from '../../src/client';

/** One image of a release, on ASID 1001 with reference machine 7. */
export function releaseImage(imageId: number, overrides: Partial<ReleaseImageStatus> = {}): ReleaseImageStatus {
  return {
    workflowId: `rollout-1001-${imageId}`,
    accountServiceId: 1001,
    imageId,
    wave: 1,
    phase: 'pending',
    progress: 'waiting for its wave',
    starts: 0,
    ...overrides,
  };
}

/** A two-wave release, wave 1 installing; `counts` follow the images, as the client's do. */
export function releaseStatus(overrides: Partial<ReleaseStatus> = {}): ReleaseStatus {
  const images = overrides.images ?? [
    releaseImage(31, { phase: 'installing', progress: 'machines 5/10 done, 0 failed', starts: 1 }),
    releaseImage(32, { wave: 2 }),
  ];
  const counts: ReleaseStatus['counts'] = {};
  for (const image of images) counts[image.phase] = (counts[image.phase] ?? 0) + 1;
  return {
    releaseId: 'r142',
    phase: 'running',
    wave: 1,
    waves: 2,
    gameBuild: '1.4.2',
    images,
    counts,
    awaiting: null,
    startedAt: '2026-11-30T10:00:00.000Z',
    timeline: [],
    ...overrides,
  };
}

/** The release half of the fake client: every method a vi.fn, watchRelease yielding `watchStatuses`. */
export function releaseFakes(watchStatuses: ReleaseStatus[] = []) {
  const accepted = (phase: string): Promise<ActionAccepted> => Promise.resolve({ accepted: true, phase });
  return {
    startRelease: vi.fn((input: ReleaseInput, opts: { workflowId?: string } = {}): Promise<StartedRelease> =>
      Promise.resolve({
        workflowId: opts.workflowId ?? `release-${input.releaseId}`,
        runId: 'run-1',
        started: true,
        adopted: [],
      }),
    ),
    getRelease: vi.fn((_id: string): Promise<ReleaseStatus> => Promise.resolve(releaseStatus())),
    listReleases: vi.fn((_filter?: { phase?: string; limit?: number }): Promise<ReleaseSummary[]> =>
      Promise.resolve([]),
    ),
    promoteRelease: vi.fn((_id: string, _options?: ActorOptions) => accepted('awaiting-promotion')),
    retryRelease: vi.fn((_id: string, _options?: ActorOptions) => accepted('awaiting-operator')),
    cancelRelease: vi.fn((_id: string, _reason?: string, _options?: ActorOptions) => accepted('running')),
    watchRelease: vi.fn(async function* (_id: string, _opts?: { intervalMs?: number }): AsyncGenerator<ReleaseStatus> {
      for (const s of watchStatuses) yield s;
    }),
  };
}
