import type { CutoverStatus } from './cutover/status';
import type { FreezeRecord } from './freeze/state';

export type CutoverEventKind = 'cutover-started' | 'cutover' | 'cutover-complete' | 'unhealthy' | 'rolled-back';

/** What a release manager's webhook receives on each phase change and at the end (JSON body). */
export interface RolloutEvent {
  workflowId: string;
  phase: string;
  previousPhase: string | null;
  step: string | null;
  event: string;
  at: string;
  accountServiceId: number;
  imageId: number;
  gameBuild?: string;
  diffId?: number;
  imageVersionId?: number;
  awaiting?: { reason: string; actions: string[] } | null;
  lastError?: string | null;
  /** The last operator action and who sent it (null: an unnamed operator), e.g. the approve that moved it on. */
  lastAction?: { action: string; by: string | null };
  /** Going live: `cutover-started`, `cutover` (allocation fleet: the new live profile announced), `cutover-complete`, `unhealthy`, `rolled-back`. */
  cutoverEvent?: CutoverEventKind;
  cutover?: CutoverStatus;
  /** A reminder that a person is still needed (input remindEveryMinutes); the phase has not changed. */
  reminder?: boolean;
  final: boolean;
}

/** What the webhook receives from a release: its waves' starts, its waits for a person, its end. */
export interface ReleaseEvent {
  kind: 'release';
  workflowId: string;
  releaseId: string;
  event: 'wave-started' | 'awaiting-promotion' | 'awaiting-operator' | 'frozen' | 'unfrozen' | 'ended';
  phase: string;
  wave: number;
  waves: number;
  /** The same in words: "wave 2 of 3 started: 4 images". */
  text: string;
  at: string;
  gameBuild?: string;
  /** Images by phase. */
  counts: Record<string, number>;
  awaiting?: { reason: string; actions: string[] } | null;
  reason?: string;
  lastAction?: { action: string; by: string | null };
  final: boolean;
}

/** What the webhook receives from the freeze workflow: a freeze set or lifted (always posted). */
export interface FreezeEvent {
  kind: 'freeze';
  workflowId: string;
  event: 'frozen' | 'unfrozen';
  /** "frozen by alice@ops-1: incident 4711 (rollbacks still allowed)". */
  text: string;
  at: string;
  /** The freeze set, or the one lifted. */
  freeze: FreezeRecord;
  /** Who lifted it (unfrozen); null for an unnamed operator. */
  liftedBy?: string | null;
  final: false;
}

/** Any event a workflow posts. */
export type WebhookEvent = RolloutEvent | ReleaseEvent | FreezeEvent;

/** An event waiting in a workflow's delivery queue; `queuedAt` (ms) starts its hour. */
export interface QueuedEvent {
  event: WebhookEvent;
  queuedAt: number;
}

/** How long an event is tried before it is dropped (counted and logged): divided by CLANFORGE_POLL_SCALE. */
export const NOTIFICATION_GIVE_UP_MINUTES = 60;

/** Events a workflow holds undelivered at most; past it the oldest is dropped, so its state stays bounded. */
export const NOTIFICATION_QUEUE_LIMIT = 50;

/** What became of one event. */
export type NotificationOutcome = 'delivered' | 'dropped';
