import type { ActivitySlotInfo, CustomSlotSupplier, SlotPermit } from '@temporalio/worker';

/**
 * The worker's activity slots, with a gate: the SDK reserves a slot before it polls for an
 * activity task (and before it accepts one eagerly), so while the gate is closed this worker
 * asks the queue for no activity work at all, while its workflow tasks and queries go on.
 * Polls already waiting when it closes keep their slot: they may still bring one task each.
 */
export class ActivityGate {
  private open = false;
  private inUse = 0;
  private readonly waiting = new Set<() => void>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`activity slots must be at least 1, got ${capacity}`);
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Slots reserved now (polling or running). */
  get reserved(): number {
    return this.inUse;
  }

  setOpen(open: boolean): void {
    this.open = open;
    if (open) this.wake();
  }

  /** The SDK's view of it (WorkerOptions.tuner.activityTaskSlotSupplier). */
  slotSupplier(): CustomSlotSupplier<ActivitySlotInfo> {
    return {
      type: 'custom',
      reserveSlot: (_ctx, abortSignal) => this.reserve(abortSignal),
      tryReserveSlot: () => this.tryReserve(),
      markSlotUsed: () => undefined,
      releaseSlot: () => {
        this.inUse--;
        this.wake();
      },
    };
  }

  private tryReserve(): SlotPermit | null {
    if (!this.open || this.inUse >= this.capacity) return null;
    this.inUse++;
    return {};
  }

  private reserve(abortSignal: AbortSignal): Promise<SlotPermit> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        if (abortSignal.aborted) {
          this.waiting.delete(attempt);
          reject(abortError());
          return;
        }
        const permit = this.tryReserve();
        if (!permit) return;
        this.waiting.delete(attempt);
        abortSignal.removeEventListener('abort', attempt);
        resolve(permit);
      };
      abortSignal.addEventListener('abort', attempt, { once: true });
      this.waiting.add(attempt);
      attempt();
    });
  }

  private wake(): void {
    for (const attempt of [...this.waiting]) attempt();
  }
}

/** The only rejection the SDK accepts from reserveSlot. */
function abortError(): Error {
  const error = new Error('slot reservation aborted');
  error.name = 'AbortError';
  return error;
}
