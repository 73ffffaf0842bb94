import {
  CancellationScope,
  log,
  patched,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { QueuedEvent, ReleaseEvent } from '../../contract/webhookEvents';
import { RolloutPhase } from '../../contract/searchAttributes';
import { freezeSetText, liftedText, type FreezeState, type HeldCreate } from '../../contract/freeze/state';
import type { FreezeHold } from '../shared/freezeHold';
import { notifications } from '../shared/activities';
import { NotificationOutbox } from '../shared/notificationOutbox';
import { finishNotifications } from '../shared/notifications';
import { recordOperatorAction } from '../shared/operatorActions';
import { isFinalPhase, type OperatorActionRecord } from '../../contract/rollout/status';
import type { RolloutPhaseReport } from '../../contract/release/messages';
import {
  isFinalReleasePhase,
  type ReleaseImagePhase,
  type ReleaseImageStatus,
  type ReleasePhase,
  type ReleaseStatus,
  type ReleaseTimelineEntry,
} from '../../contract/release/status';

const TIMELINE_LIMIT = 100;
/** Images of the current wave named one by one in the current details. */
const DETAILED_IMAGES = 10;

/** What a release carries into its next run (continue-as-new between waves). */
export interface ReleaseCarry {
  /** The wave the next run starts with. */
  wave: number;
  images: ReleaseImageStatus[];
  startedAt: string;
  timeline: ReleaseTimelineEntry[];
  actions?: OperatorActionRecord[];
  /** Webhook events not yet delivered: the next run delivers them first. */
  notifications?: QueuedEvent[];
}

/**
 * The release's state as the outside world sees it: the `status` query, the RolloutPhase search
 * attribute (which holds the release's phase on a release) and the Web UI's current details.
 */
export class ReleaseTracker implements FreezeHold {
  readonly status: ReleaseStatus;
  private upsertedPhase?: ReleasePhase;
  notify = false;
  /** A release replaying a 1.0.0 history posts as 1.0.0 did (patch `notification-outbox`). */
  private lastLegacyNotification: Promise<unknown> = Promise.resolve();
  private readonly outbox: NotificationOutbox;
  private lastAction?: { action: string; by: string | null };
  /** The rollouts the release waits on while they wait for an operator (the release's own awaiting). */
  private waitingOn?: string;

  constructor(
    releaseId: string,
    waves: number,
    images: ReleaseImageStatus[],
    carried?: ReleaseCarry,
    gameBuild?: string,
  ) {
    this.status = {
      releaseId,
      phase: 'running',
      wave: carried?.wave ?? 1,
      waves,
      gameBuild,
      images: carried?.images ?? images,
      counts: {},
      awaiting: null,
      startedAt: carried?.startedAt ?? new Date().toISOString(),
      timeline: carried?.timeline ?? [],
      actions: carried?.actions,
    };
    this.outbox = new NotificationOutbox(carried?.notifications);
    // A new run after continue-as-new starts with the phase the last one upserted.
    if (carried) this.upsertedPhase = 'running';
    this.count();
  }

  get phase(): ReleasePhase {
    return this.status.phase;
  }

  imagesOfWave(wave: number): ReleaseImageStatus[] {
    return this.status.images.filter((image) => image.wave === wave);
  }

  enter(phase: ReleasePhase, event: string): void {
    this.status.phase = phase;
    if (phase !== 'awaiting-promotion' && phase !== 'awaiting-operator' && phase !== 'frozen')
      this.status.awaiting = null;
    if (phase !== 'frozen') this.status.frozen = undefined;
    this.note(event);
    if (phase !== this.upsertedPhase) {
      upsertSearchAttributes({ [RolloutPhase.name]: [phase] });
      this.upsertedPhase = phase;
    }
    this.describe();
    if (phase === 'running') this.followRolloutsWaiting();
  }

  awaitPerson(phase: 'awaiting-promotion' | 'awaiting-operator', reason: string, actions: string[]): void {
    // What the release itself waits for (promote, retry) replaces waiting on a rollout.
    this.waitingOn = undefined;
    this.status.awaiting = { reason, actions, since: new Date().toISOString() };
    this.enter(phase, reason);
    this.post(phase, reason);
  }

  /** A freeze holds the next wave (shared/freezeHold.ts): no rollout of it starts until it is lifted. */
  held(_create: HeldCreate, state: FreezeState): void {
    const freeze = state.freeze!;
    const reason = `${freezeSetText(freeze)}: wave ${this.status.wave} waits until unfrozen (rollouts already running go on)`;
    this.waitingOn = undefined;
    this.status.frozen = freeze;
    this.status.awaiting = { reason, actions: ['unfreeze', 'cancel'], since: new Date().toISOString() };
    this.enter('frozen', reason);
    this.post('frozen', reason);
  }

  released(_create: HeldCreate, state: FreezeState): void {
    const text = `${liftedText(state)}: wave ${this.status.wave} starts`;
    this.enter('running', text);
    this.post('unfrozen', text);
  }

  /** An image's rollout moved on (a report from it, its start, its end). */
  image(image: ReleaseImageStatus, change: Partial<ReleaseImageStatus>): void {
    Object.assign(image, change);
    this.count();
    this.describe();
    this.followRolloutsWaiting();
  }

  /**
   * A running release whose rollout waits for an operator waits too (awaiting-operator, naming
   * the rollout and why), so a search for releases that need a person finds it; it runs again
   * once no rollout waits. Only from `running`: a release waiting for its own promote or retry
   * already says what it needs. Releases of 1.0.0 stayed running: patch release-awaits-rollouts.
   */
  private followRolloutsWaiting(): void {
    if (this.status.phase !== 'running' && this.waitingOn === undefined) return;
    const waiting = this.status.images.filter((image) => image.phase === 'awaiting-operator');
    const key = waiting.map((image) => `${image.workflowId}: ${image.progress}`).join('; ');
    if (key === (this.waitingOn ?? '')) return;
    if (waiting.length === 0) {
      this.waitingOn = undefined;
      this.enter('running', 'no rollout waits for an operator any more: the release runs again');
      return;
    }
    if (this.waitingOn === undefined && !patched('release-awaits-rollouts')) return;
    const why = waiting
      .map((image) => `${image.workflowId} waits for an operator (${image.progress.replace(/^awaiting: /, '')})`)
      .join('; ');
    this.awaitPerson(
      'awaiting-operator',
      `${why}. Act on ${waiting.length === 1 ? 'that rollout' : 'those rollouts'} (its status names the actions), or cancel the release.`,
      ['cancel'],
    );
    this.waitingOn = key;
  }

  /** A running rollout's phase report: taken only from the run the release is following. */
  reported(report: RolloutPhaseReport): void {
    const image = this.status.images.find((i) => i.workflowId === report.workflowId);
    if (!image || image.phase === 'pending' || isFinalPhase(image.phase)) return;
    if (image.runId !== undefined && image.runId !== report.runId) return;
    this.image(image, { phase: report.phase as ReleaseImagePhase, progress: report.progress });
  }

  /** An operator action taken: in the timeline, the status and result (the last 50), and the metrics. */
  operatorAction(action: string, by: string | undefined, event: string, reason?: string): void {
    this.lastAction = recordOperatorAction((this.status.actions ??= []), action, by, reason);
    this.note(event);
  }

  /** Something the release goes on without (a search attribute it could not set): in status and timeline. */
  warn(text: string): void {
    (this.status.warnings ??= []).push(text);
    // A run after continue-as-new finds the same again: the timeline says it once.
    if (!this.status.timeline.some((entry) => entry.event === text)) this.note(text);
  }

  note(event: string): void {
    this.status.timeline.push({ at: new Date().toISOString(), wave: this.status.wave, event });
    if (this.status.timeline.length > TIMELINE_LIMIT) this.status.timeline.splice(1, 1);
  }

  private count(): void {
    const counts: ReleaseStatus['counts'] = {};
    for (const image of this.status.images) counts[image.phase] = (counts[image.phase] ?? 0) + 1;
    this.status.counts = counts;
  }

  /** The wave in words: "wave 2 of 2: 1 of 2 images installing, 1 completed". */
  waveText(): string {
    const s = this.status;
    const images = this.imagesOfWave(s.wave);
    const byPhase = new Map<string, number>();
    for (const image of images) byPhase.set(image.phase, (byPhase.get(image.phase) ?? 0) + 1);
    const parts = [...byPhase].map(([phase, n], i) =>
      i === 0 ? `${n} of ${images.length} image${images.length === 1 ? '' : 's'} ${phase}` : `${n} ${phase}`,
    );
    return `wave ${s.wave} of ${s.waves}: ${parts.join(', ')}`;
  }

  /** The Web UI's current details (markdown). */
  describe(): void {
    const s = this.status;
    const lines = [
      `**${s.phase}**: ${this.waveText()}`,
      `release ${s.releaseId}${s.gameBuild ? `, build ${s.gameBuild}` : ''}: ${s.images.length} images`,
    ];
    if (s.awaiting) lines.push(`waiting for: ${s.awaiting.actions.join(' / ')}: ${s.awaiting.reason}`);
    const wave = this.imagesOfWave(s.wave);
    const shown = wave
      .slice(0, DETAILED_IMAGES)
      .map((image) => `${image.workflowId}: ${image.phase}${image.reason ? ` (${image.reason})` : ''}`);
    if (wave.length > DETAILED_IMAGES) shown.push(`and ${wave.length - DETAILED_IMAGES} more`);
    lines.push(shown.join('  \n'));
    if (s.reason) lines.push(`reason: ${s.reason}`);
    setCurrentDetails(lines.join('\n\n'));
  }

  /** Posts a release event to the worker's webhook when the input asks for it; never waited for, never fatal. */
  post(event: ReleaseEvent['event'], text: string): void {
    if (!this.notify) return;
    const s = this.status;
    const payload: ReleaseEvent = {
      kind: 'release',
      workflowId: workflowInfo().workflowId,
      releaseId: s.releaseId,
      event,
      phase: s.phase,
      wave: s.wave,
      waves: s.waves,
      text,
      at: new Date().toISOString(),
      gameBuild: s.gameBuild,
      counts: s.counts as Record<string, number>,
      awaiting: s.awaiting ? { reason: s.awaiting.reason, actions: s.awaiting.actions } : null,
      reason: s.reason,
      lastAction: this.lastAction,
      final: isFinalReleasePhase(s.phase),
    };
    // An action is reported with the first event after it, not with every later one.
    this.lastAction = undefined;
    if (patched('notification-outbox')) {
      this.outbox.post(payload);
      return;
    }
    this.lastLegacyNotification = CancellationScope.nonCancellable(() => notifications.notifyWebhook(payload)).catch(
      (error: unknown) => {
        log.warn('webhook notification gave up', { event, error: String(error) });
      },
    );
  }

  /** Before the release ends: its queued events are delivered, or handed on (shared/notifications.ts). */
  async flushNotifications(): Promise<void> {
    await this.lastLegacyNotification;
    await finishNotifications(this.outbox);
  }

  /** Before it continues as new: the events not yet delivered go with the carry. */
  async carry(nextWave: number): Promise<ReleaseCarry> {
    await this.lastLegacyNotification;
    const notifications = await this.outbox.stop();
    return {
      ...(notifications.length > 0 ? { notifications } : {}),
      wave: nextWave,
      images: this.status.images,
      startedAt: this.status.startedAt,
      timeline: this.status.timeline.slice(-50),
      actions: this.status.actions,
    };
  }
}
