import { condition, log } from '@temporalio/workflow';
import type { OperatorAction } from './messages';
import { isFinalPhase } from './status';
import type { RolloutTracker } from './tracker';

/**
 * Where operator signals and updates land. A wait declares which actions it accepts; anything
 * else is logged and changes nothing (and, sent as an update, is rejected by its validator).
 */
export class OperatorInbox {
  private accepting = new Set<OperatorAction>();
  private received?: OperatorAction;
  cancelRequested = false;
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

  /** Signal/update entry point. Returns false (and logs) when the action is refused. */
  deliver(action: OperatorAction, reason?: string): boolean {
    const refused = this.refusal(action);
    if (refused) {
      log.warn('operator action ignored', { action, reason: refused });
      this.tracker.note('rollout', `ignored ${action}: ${refused}`);
      return false;
    }
    this.tracker.note('rollout', `operator: ${action}${reason ? ` (${reason})` : ''}`);
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
