import { ApplicationFailure, condition, log, setDefaultSignalHandler, setHandler } from '@temporalio/workflow';
import type { ActionAccepted, ReasonArgs } from '../../contract/rollout/messages';
import { byWhom, readPayload, type Delivery } from '../shared/payload';
import {
  cancelSignal,
  cancelUpdate,
  promoteSignal,
  promoteUpdate,
  retrySignal,
  retryUpdate,
  type ReleaseAction,
} from '../../contract/release/messages';
import { isFinalReleasePhase } from '../../contract/release/status';
import type { ReleaseTracker } from './tracker';

/**
 * Where a release's operator actions land. `promote` and `retry` are taken only while the
 * release waits for them; `cancel` at any time before the end. A refused signal is noted and
 * changes nothing; a refused update is rejected by its validator, so nothing reaches history.
 */
export class ReleaseInbox {
  private accepting = new Set<ReleaseAction>();
  /** Actions taken and not yet acted on by the workflow. */
  private pending = new Set<ReleaseAction>();
  cancelRequested = false;
  cancelReason?: string;
  /** Who cancelled the release: its rollouts are cancelled in that name. */
  cancelBy?: string;
  onCancel: () => void = () => undefined;

  constructor(private readonly tracker: ReleaseTracker) {}

  refusal(action: ReleaseAction): string | undefined {
    if (this.cancelRequested) return 'the release is already being cancelled';
    if (isFinalReleasePhase(this.tracker.phase)) return `the release has ended (${this.tracker.phase})`;
    if (action === 'cancel') return undefined;
    if (this.accepting.has(action) && !this.pending.has(action)) return undefined;
    return `${action} makes no sense in phase ${this.tracker.phase}${action === 'retry' ? ' (nothing failed)' : ''}`;
  }

  deliver(action: ReleaseAction, { reason, unreadable, by }: Delivery): boolean {
    const refused = this.refusal(action);
    if (refused) {
      log.warn('release action ignored', { action, reason: refused });
      this.tracker.note(`ignored ${action}: ${refused}`);
      return false;
    }
    this.tracker.operatorAction(
      action,
      by,
      `operator: ${action} ${byWhom(by)}${reason ? ` (${reason})` : unreadable ? ` (unreadable payload: ${unreadable})` : ''}`,
      reason,
    );
    if (action === 'cancel') {
      this.cancelRequested = true;
      this.cancelReason = reason ?? 'cancelled by operator';
      this.cancelBy = by;
      this.onCancel();
    } else this.pending.add(action);
    return true;
  }

  /** From now on, `action` is accepted (until taken). */
  accept(action: ReleaseAction): void {
    this.accepting.add(action);
  }

  /** True once (and only once) for each accepted delivery of `action`. */
  take(action: ReleaseAction): boolean {
    if (!this.pending.delete(action)) return false;
    this.accepting.delete(action);
    return true;
  }

  /** Waits until `action` arrives and takes it (cancel comes through the scope). */
  async waitToTake(action: ReleaseAction): Promise<void> {
    await condition(() => this.pending.has(action));
    this.take(action);
  }

  has(action: ReleaseAction): boolean {
    return this.pending.has(action);
  }

  install(): void {
    const pairs = [
      ['promote', promoteSignal, promoteUpdate],
      ['retry', retrySignal, retryUpdate],
      ['cancel', cancelSignal, cancelUpdate],
    ] as const;
    for (const [action, signal, update] of pairs) {
      setHandler(signal, (args?: ReasonArgs) => {
        this.deliver(action, readPayload(args));
      });
      setHandler(
        update,
        (args?: ReasonArgs): ActionAccepted => {
          const phase = this.tracker.phase;
          this.deliver(action, readPayload(args));
          return { accepted: true, phase };
        },
        {
          validator: (_args?: ReasonArgs) => {
            const refused = this.refusal(action);
            if (refused)
              throw ApplicationFailure.create({ type: 'ReleaseActionRefused', message: refused, nonRetryable: true });
          },
        },
      );
    }
    setDefaultSignalHandler((name: string) => this.tracker.note(`unknown signal '${name.slice(0, 100)}' ignored`));
  }
}
