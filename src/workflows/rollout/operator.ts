import { condition, log } from '@temporalio/workflow';
import type { OperatorAction } from './messages';
import { isFinalPhase } from './status';
import type { RolloutTracker } from './tracker';

import { byWhom, type Delivery } from '../shared/payload';
export type { Delivery };

/** The one refusal `retry --force` answers. */
export const ALLOCATIONS_REFUSAL = /active allocations/i;

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
  cancelReason?: string;
  rejectReason?: string;
  /** Set by the rollout: cancels its main scope. */
  onCancel: () => void = () => undefined;

  constructor(private readonly tracker: RolloutTracker) {}

  get phase(): string {
    return this.tracker.phase;
  }

  /** Why an action is refused now, or undefined when it is accepted. */
  refusal(action: OperatorAction): string | undefined {
    if (this.cancelRequested) return `the rollout is already being cancelled`;
    if (action === 'cancel') return this.tracker.status.awaiting === null && isFinalPhase(this.tracker.phase) ? `the rollout has ended (${this.tracker.phase})` : undefined;
    if (this.accepting.has(action) && this.received === undefined) return undefined;
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
  deliver(action: OperatorAction, { reason, unreadable, force, by }: Delivery = {}): boolean {
    const refused = this.refusal(action) ?? (action === 'retry' && force ? this.forceRefusal() : undefined);
    if (refused) {
      log.warn('operator action ignored', { action, reason: refused });
      this.tracker.note('rollout', `ignored ${action}: ${refused}`);
      return false;
    }
    const said = (reason ? ` (${reason})` : unreadable ? ` (unreadable payload: ${unreadable})` : '') + (force && action === 'retry' ? ' with force=1' : '');
    if (force && action === 'retry') this.forceRequested = true;
    this.tracker.operatorAction(action, by, `operator: ${action} ${byWhom(by)}${said}`, reason);
    if (action === 'cancel') {
      this.cancelRequested = true;
      this.cancelReason = reason ?? 'cancelled by operator';
      this.onCancel();
    } else {
      if (action === 'reject') this.rejectReason = reason ?? 'rejected by operator';
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
   * resolves undefined when it passes first: a durable timer, so restarts change nothing.
   */
  async waitFor(actions: OperatorAction[], timeoutMs?: number): Promise<OperatorAction | undefined> {
    this.accepting = new Set(actions);
    this.received = undefined;
    try {
      const arrived = timeoutMs === undefined ? (await condition(() => this.received !== undefined), true) : await condition(() => this.received !== undefined, timeoutMs);
      return arrived ? this.received : undefined;
    } finally {
      this.accepting.clear();
      this.tracker.clearAwaiting();
    }
  }
}
