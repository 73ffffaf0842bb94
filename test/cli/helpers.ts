import { vi } from 'vitest';
import type { FreezeRequest, FreezeState, UnfreezeRequest } from '../../src/contract/freeze/state';
import type {
  ActionAccepted,
  ActorOptions,
  FleetLive,
  RollbackAccepted,
  InstallsPage,
  ReleaseStatus,
  RolloutStatus,
  RolloutSummary,
  StartedRollout,
} from '../../src/client';
import { main, type CliClient, type CliIo } from '../../src/cli/main';
import { releaseFakes } from './releaseHelpers';

/** Captured output of one `main` call. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stderr split into lines (without the trailing empty one). */
  errLines: string[];
}

export function status(overrides: Partial<RolloutStatus> = {}): RolloutStatus {
  return {
    phase: 'diffing',
    step: 'diff',
    accountServiceId: 1001,
    imageId: 31,
    machineId: 7,
    created: { updateIds: [], diffIds: [], imageVersionIds: [], uninstallJobIds: [] },
    job: null,
    attempts: {},
    lastError: null,
    awaiting: null,
    installs: null,
    timeline: [],
    ...overrides,
  };
}

/** A RolloutClient stand-in: every method a vi.fn, watchRollout yielding `watchStatuses`, watchRelease `releaseStatuses`. */
export function fakeClient(options: { watchStatuses?: RolloutStatus[]; releaseStatuses?: ReleaseStatus[] } = {}) {
  const accepted = (phase: string): Promise<ActionAccepted> => Promise.resolve({ accepted: true, phase });
  const client = {
    startRollout: vi.fn(
      (
        input: { accountServiceId: number; imageId: number },
        opts: { workflowId?: string } = {},
      ): Promise<StartedRollout> =>
        Promise.resolve({
          workflowId: opts.workflowId ?? `rollout-${input.accountServiceId}-${input.imageId}`,
          runId: 'run-1',
          started: true,
        }),
    ),
    getRollout: vi.fn((_id: string): Promise<RolloutStatus> => Promise.resolve(status())),
    listRollouts: vi.fn((): Promise<RolloutSummary[]> => Promise.resolve([])),
    cancelRollout: vi.fn((_id: string, _reason?: string, _options?: ActorOptions) => accepted('diffing')),
    retryRollout: vi.fn((_id: string, _options?: { force?: boolean } & ActorOptions) => accepted('awaiting-operator')),
    approveRollout: vi.fn((_id: string, _options?: ActorOptions) => accepted('awaiting-approval')),
    rejectRollout: vi.fn((_id: string, _reason?: string, _options?: ActorOptions) => accepted('awaiting-approval')),
    proceedNow: vi.fn((_id: string, _options?: ActorOptions) => accepted('scheduled')),
    unlockRollout: vi.fn((_id: string, _options?: { reinstall?: boolean } & ActorOptions) =>
      accepted('awaiting-operator'),
    ),
    rollbackRollout: vi.fn((_id: string, _reason?: string, _options?: ActorOptions): Promise<RollbackAccepted> =>
      accepted('baking'),
    ),
    fleetLive: vi.fn((fleetId: string): Promise<FleetLive> => Promise.resolve({ fleetId })),
    freeze: vi.fn((request: FreezeRequest): Promise<FreezeState> =>
      Promise.resolve({
        frozen: true,
        revision: 1,
        freeze: {
          by: request.by ?? null,
          at: '2026-12-03T10:00:00.000Z',
          reason: request.reason,
          includeRollbacks: request.includeRollbacks === true,
        },
      }),
    ),
    unfreeze: vi.fn((_request?: UnfreezeRequest): Promise<FreezeState> =>
      Promise.resolve({ frozen: false, revision: 2 }),
    ),
    freezeState: vi.fn((): Promise<FreezeState> => Promise.resolve({ frozen: false, revision: 0 })),
    watchRollout: vi.fn(async function* (_id: string, _opts?: { intervalMs?: number }): AsyncGenerator<RolloutStatus> {
      for (const s of options.watchStatuses ?? []) yield s;
    }),
    listInstalls: vi.fn(
      (_id: string, page: { failedOnly?: boolean; offset?: number; limit?: number } = {}): Promise<InstallsPage> =>
        Promise.resolve({
          imageVersionId: 9,
          total: 3,
          offset: page.offset ?? 0,
          rows: [
            {
              jobId: 11,
              machine: 501,
              location: 'eu-west',
              mirroring: false,
              state: 'Failed',
              progress: 40,
              error: 'disk full',
            },
          ].slice(page.offset ?? 0),
        }),
    ),
    ...releaseFakes(options.releaseStatuses),
    close: vi.fn(() => Promise.resolve()),
  };
  return client satisfies CliClient;
}

export type FakeClient = ReturnType<typeof fakeClient>;

/** Runs the CLI in-process against `client`, capturing its output. */
export async function run(
  argv: string[],
  client: CliClient | (() => Promise<CliClient>),
  io: Partial<CliIo> = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    isTTY: false,
    env: { TEMPORAL_ADDRESS: '127.0.0.1:1' },
    clientFactory: typeof client === 'function' ? client : () => Promise.resolve(client),
    ...io,
  });
  return { code, stdout, stderr, errLines: stderr.split('\n').filter((line) => line !== '') };
}
