import { RolloutClient } from '../client';

/** Where the CLI writes: process.stdout / process.stderr, or a capture in tests. */
export interface Output {
  write(chunk: string): unknown;
}

/** The part of RolloutClient the CLI calls (so tests can hand in a fake). */
export type CliClient = Pick<
  RolloutClient,
  | 'startRollout'
  | 'getRollout'
  | 'listRollouts'
  | 'cancelRollout'
  | 'retryRollout'
  | 'approveRollout'
  | 'rejectRollout'
  | 'proceedNow'
  | 'unlockRollout'
  | 'rollbackRollout'
  | 'fleetLive'
  | 'freeze'
  | 'unfreeze'
  | 'freezeState'
  | 'watchRollout'
  | 'listInstalls'
  | 'startRelease'
  | 'getRelease'
  | 'listReleases'
  | 'promoteRelease'
  | 'retryRelease'
  | 'cancelRelease'
  | 'watchRelease'
  | 'close'
>;

export interface CliIo {
  stdout: Output;
  stderr: Output;
  /** What `release start -f -` reads (process.stdin, or text in tests). */
  stdin?: AsyncIterable<string | Uint8Array>;
  /** stdout is a terminal: `watch` draws a progress bar instead of JSON lines. */
  isTTY: boolean;
  /** TEMPORAL_ADDRESS etc. */
  env: NodeJS.ProcessEnv;
  /** How to get a client; default RolloutClient.connect(env). Called only by commands that need one. */
  clientFactory?: (env: NodeJS.ProcessEnv) => Promise<CliClient>;
  /** Terminal width for the progress bar (optional). */
  columns?: number;
  /** Terminal height: `release watch` draws no more lines than fit (optional). */
  rows?: number;
}

export function defaultIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    isTTY: process.stdout.isTTY === true,
    env: process.env,
    columns: process.stdout.columns,
    rows: process.stdout.rows,
  };
}

export const connectFromEnv = (env: NodeJS.ProcessEnv): Promise<CliClient> => RolloutClient.connect(env);
