import type { FreezeRecord } from '../freeze/state';
import type { Awaiting, ClosedExecution, OperatorActionRecord, Phase as RolloutPhase } from '../rollout/status';

export const RELEASE_PHASES = [
  'running',
  'awaiting-promotion',
  'awaiting-operator',
  'frozen',
  'completed',
  'failed',
  'cancelled',
] as const;
export type ReleasePhase = (typeof RELEASE_PHASES)[number];
export const FINAL_RELEASE_PHASES: readonly ReleasePhase[] = ['completed', 'failed', 'cancelled'];

export function isFinalReleasePhase(phase: string): boolean {
  return (FINAL_RELEASE_PHASES as readonly string[]).includes(phase);
}

/** An image's phase in the release: its rollout's phase, or `pending` until its wave starts. */
export type ReleaseImagePhase = RolloutPhase | 'pending';

/** One image of the release, as the `status` query shows it. */
export interface ReleaseImageStatus {
  /** The image's rollout: rollout-<asid>-<image>. */
  workflowId: string;
  accountServiceId: number;
  imageId: number;
  wave: number;
  phase: ReleaseImagePhase;
  /** What the rollout is doing, in words (the last phase it reported; live when read through the client). */
  progress: string;
  /** The run of the rollout this release started (or adopted); a retry starts a new run. */
  runId?: string;
  /** True when the release adopted a rollout of this image that was already running with the same input. */
  adopted?: boolean;
  /** How many times this image's rollout was started by the release (retries included). */
  starts: number;
  /** Why it ended other than completed, in its own words. */
  reason?: string;
  imageVersionId?: number;
  /**
   * An entry that gave a pair: its fleet and two images. Until the release reads the live profile
   * the row is `pair-<asid>-<fleetId>` with the first image's id; then `workflowId` and `imageId`
   * are the image chosen (the one whose profile is not live) and `note` says why.
   */
  pair?: ReleasePairChoice;
}

export interface ReleasePairChoice {
  fleetId: string;
  imageIds: number[];
  chosenImageId?: number;
  /** "pair f-1: profile 502 idle, image 43 chosen" */
  note?: string;
}

export interface ReleaseTimelineEntry {
  at: string;
  wave: number | null;
  event: string;
}

/** The release's `status` query (product contract, "Releases"). */
export interface ReleaseStatus {
  releaseId: string;
  phase: ReleasePhase;
  /** The wave running, waiting or last run (1 … waves). */
  wave: number;
  waves: number;
  gameBuild?: string;
  images: ReleaseImageStatus[];
  /** Images by phase, e.g. { installing: 1, completed: 1, pending: 2 }. */
  counts: Partial<Record<ReleaseImagePhase, number>>;
  awaiting: Awaiting | null;
  /** While `frozen`: the freeze that holds the next wave. */
  frozen?: FreezeRecord;
  reason?: string;
  startedAt: string;
  timeline: ReleaseTimelineEntry[];
  /** The operator actions it took, with who sent them (the last 50). */
  actions?: OperatorActionRecord[];
  /** What the release could not do but went on without (a search attribute the namespace lacks). */
  warnings?: string[];
  /** Set when Temporal closed the release before it ended itself; `awaiting` is then null (no action is taken). */
  closed?: ClosedExecution;
}

export interface ReleaseResult {
  phase: Extract<ReleasePhase, 'completed' | 'failed' | 'cancelled'>;
  releaseId: string;
  reason?: string;
  waves: number;
  images: ReleaseImageStatus[];
  startedAt: string;
  finishedAt: string;
  timeline: ReleaseTimelineEntry[];
  actions?: OperatorActionRecord[];
}
