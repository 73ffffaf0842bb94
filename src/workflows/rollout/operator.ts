import { condition, log } from '@temporalio/workflow';
import type { OperatorAction } from '../../contract/rollout/messages';
import { isFinalPhase } from '../../contract/rollout/status';
import type { RolloutTracker } from './tracker';

import { byWhom, type Delivery } from '../shared/payload';
export type { Delivery };

/** The one refusal `retry --force` answers. */
export const ALLOCATIONS_REFUSAL = /active allocations/i;

/** Reminders per wait, at most: a wait nobody ends must not grow the history for ever (3 days at one an hour). */
const REMINDER_LIMIT = 72;

/** Unknown signals noted in the timeline at most this often: a flood must not push real events out. */
const UNKNOWN_SIGNAL_NOTES = 10;

/**
 * Where operator signals and updates land. A wait declares which actions it accepts; anything
 * else is logged and changes nothing (and, sent as an update, is rejected by its validator).
 */
export class OperatorInbox {
  private accepting = new Set<OperatorAction>();
  private received?: OperatorAction;
  private unknownSignals = 0;
  cancelRequested = false;
  /** An operator's `retry --force`: the next image version create sends force=1. */
  forceRequested = false;
  /** While the image is locked by a diff that is not ours: that diff, and the running rollout that made it, if one did. */
  foreignLock?: { diffId: number; holder?: string };
  /** `unlock { reinstall: true }`: reject the foreign diff with reinstall=1. */
  unlockReinstall = false;
  cancelReason?: string;
  rejectReason?: string;
  /** While cutting over or baking (cutover.ts): `rollback` is accepted at any moment, not only in a wait. */
  rollbackOpen = false;
  rollbackRequest?: { by?: string; reason?: string };
  /** Set by the rollout: cancels its main scope. */
  onCancel: () => void = () => undefined;
  /** Input remindEveryMinutes / autoCancelAfterMinutes, in ms: apply while a person is needed. */
  remindEveryMs?: number;
  autoCancelAfterMs?: number;

  constructor(private readonly tracker: RolloutTracker) {}

  get phase(): string {
    return this.tracker.phase;
  }

  /** Why an action is refused now, or undefined when it is accepted. */
  refusal(action: OperatorAction): string | undefined {
    if (this.cancelRequested) return `the rollout is already being cancelled`;
    if (action === 'cancel')
      return this.tracker.status.awaiting === null && isFinalPhase(this.tracker.phase)
        ? `the rollout has ended (${this.tracker.phase})`
        : undefined;
    if (action === 'unlock' && this.foreignLock?.holder) {
      return `diff ${this.foreignLock.diffId} belongs to ${this.foreignLock.holder}, which is running: wait for it or cancel it, then retry`;
    }
    if (action === 'rollback' && this.rollbackOpen && this.rollbackRequest === undefined) return undefined;
    if (this.accepting.has(action) && this.received === undefined) return undefined;
    if (action === 'rollback')
      return `rollback makes no sense in phase ${this.tracker.phase}: only while cutting over or baking (after completed: clanforge-rollout rollback <rolloutId>)`;
    return `${action} makes no sense in phase ${this.tracker.phase}`;
  }

  /** Why `retry --force` is refused now: it is only for a version create refused over active allocations. */
  forceRefusal(): string | undefined {
    const error = this.tracker.status.lastError ?? '';
    return this.tracker.status.step === 'version' && ALLOCATIONS_REFUSAL.test(error)
      ? undefined
      : 'retry --force is only for an image version create refused with "active allocations exist … send force=1"';
  }

  /** Signal/update entry point. Returns false (and logs) when the action is refused. */
  deliver(action: OperatorAction, { reason, unreadable, force, by, reinstall }: Delivery = {}): boolean {
    const refused = this.refusal(action) ?? (action === 'retry' && force ? this.forceRefusal() : undefined);
    if (refused) {
      log.warn('operator action ignored', { action, reason: refused });
      this.tracker.note('rollout', `ignored ${action}: ${refused}`);
      return false;
    }
    const said =
      (reason ? ` (${reason})` : unreadable ? ` (unreadable payload: ${unreadable})` : '') +
      (force && action === 'retry' ? ' with force=1' : '') +
      (action === 'unlock' && reinstall ? ' with reinstall=1' : '');
    if (force && action === 'retry') this.forceRequested = true;
    if (action === 'unlock') this.unlockReinstall = reinstall === true;
    this.tracker.operatorAction(action, by, `operator: ${action} ${byWhom(by)}${said}`, reason);
    if (action === 'rollback') {
      this.rollbackRequest = { by, reason };
      if (this.accepting.has(action)) this.received = action;
    } else if (action === 'cancel') {
      this.cancelRequested = true;
      this.cancelReason = reason ?? 'cancelled by operator';
      this.onCancel();
    } else {
      if (action === 'reject') this.rejectReason = reason ?? 'rejected by operator';
      else this.tracker.resumed(action);
      this.received = action;
    }
    return true;
  }

  /** A signal no handler knows (a typo in the Web UI, an old script): noted, nothing changes. */
  unknownSignal(name: string): void {
    this.unknownSignals++;
    if (this.unknownSignals > UNKNOWN_SIGNAL_NOTES) return;
    const shown = name.length > 100 ? `${name.slice(0, 100)}…` : name;
    const more = this.unknownSignals === UNKNOWN_SIGNAL_NOTES ? ' (further unknown signals are not noted)' : '';
    this.tracker.note('rollout', `unknown signal '${shown}' ignored${more}`);
    log.warn('unknown signal ignored', { signal: shown });
  }

  /**
   * Waits for one of `actions` (cancel is always possible, through the scope). With a timeout,
   * resolves undefined when it passes first. While a person is needed (awaiting-approval,
   * awaiting-operator), reminders go out every `remindEveryMs` and the rollout cancels itself
   * after `autoCancelAfterMs`. All are durable timers, so restarts change nothing.
   */
  async waitFor(actions: OperatorAction[], timeoutMs?: number): Promise<OperatorAction | undefined> {
    this.accepting = new Set(actions);
    this.received = undefined;
    try {
      if (this.deadlinesApply()) return await this.waitWithDeadlines();
      const arrived =
        timeoutMs === undefined
          ? (await condition(() => this.received !== undefined), true)
          : await condition(() => this.received !== undefined, timeoutMs);
      return arrived ? this.received : undefined;
    } finally {
      this.accepting.clear();
      this.tracker.clearAwaiting();
    }
  }

  private deadlinesApply(): boolean {
    const personNeeded = this.tracker.phase === 'awaiting-approval' || this.tracker.phase === 'awaiting-operator';
    return personNeeded && (this.remindEveryMs !== undefined || this.autoCancelAfterMs !== undefined);
  }

  private async waitWithDeadlines(): Promise<OperatorAction | undefined> {
    const since = Date.now();
    const phase = this.tracker.phase;
    const cancelAt = this.autoCancelAfterMs === undefined ? Infinity : since + this.autoCancelAfterMs;
    for (let reminders = 0; ;) {
      const remindAt =
        this.remindEveryMs === undefined || reminders >= REMINDER_LIMIT
          ? Infinity
          : since + (reminders + 1) * this.remindEveryMs;
      if (remindAt === Infinity && cancelAt === Infinity)
        return (await condition(() => this.received !== undefined), this.received);
      const wakeAt = Math.min(remindAt, cancelAt);
      if (await condition(() => this.received !== undefined, Math.max(1, wakeAt - Date.now()))) return this.received;
      const waited = minutesText(Date.now() - since);
      if (Date.now() >= cancelAt) {
        // The scope's cancel ends this wait: the next condition throws.
        this.autoCancel(`auto-cancelled: no one acted for ${waited} in ${phase} (autoCancelAfterMinutes)`);
        continue;
      }
      // Reminders missed while no worker ran collapse into one, numbered by the time waited.
      reminders = Math.min(
        REMINDER_LIMIT,
        Math.max(reminders + 1, Math.floor((Date.now() - since) / this.remindEveryMs!)),
      );
      const last = reminders === REMINDER_LIMIT ? ' (the last one: reminders stop here)' : '';
      this.tracker.remind(
        `reminder ${reminders}${last}: still ${phase} after ${waited}: ${this.tracker.status.awaiting?.reason ?? ''}`.trim(),
      );
    }
  }

  /** Cancels as an operator's cancel does, with the deadline as the reason (no person sent it). */
  private autoCancel(reason: string): void {
    this.cancelRequested = true;
    this.cancelReason = reason;
    this.tracker.note('rollout', reason);
    this.onCancel();
  }
}

/** "30 min", "1 h 5 min", "12 s" (compressed time in tests). */
function minutesText(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
