import { ApplicationFailure, CompleteAsyncError, Context, log } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { FROZEN, frozenText, holds, type FreezeState, type HeldCreate } from '../contract/freeze/state';
import { readFreezeState } from '../rollouts/freezeState';

/** How often a worker with held workflows reads the freeze, to release them when it is lifted. */
const THAW_LOOK_MS = 1_000;
/** Completions sent at once when a freeze is lifted. */
const RELEASE_BATCH = 50;

interface Held {
  taskToken: Uint8Array;
  revision: number;
  create: HeldCreate;
}

/** What a create asks before it calls Clanforge. */
export interface CreateGate {
  check(create: HeldCreate): Promise<void>;
}

/**
 * One worker's view of the freeze (product contract, "Change control"). Every create asks it
 * first (`check`), reading the freeze workflow's state fresh: concurrent reads share one call,
 * but never one that began before the caller asked, so a freeze acknowledged before a create is
 * always seen by it. A held workflow waits in `awaitThaw`, which completes asynchronously: no
 * activity slot, no heartbeat, no history while it waits; this worker reads the freeze every
 * second while anything is held and completes the waits once it moves. Nothing is signalled to
 * the held workflows, however many there are.
 */
export class FreezeGate implements CreateGate {
  private inFlight?: Promise<unknown>;
  private queued?: Promise<FreezeState>;
  private readonly held = new Map<string, Held>();
  private watching = false;

  /** The freeze as read by a call that started after this one was made. */
  read(client: Client): Promise<FreezeState> {
    this.queued ??= (this.inFlight ?? Promise.resolve()).then(() => {
      this.queued = undefined;
      const reading = readFreezeState(client);
      this.inFlight = reading.catch(() => undefined);
      return reading;
    });
    return this.queued;
  }

  /** Before a create: throws a non-retryable ClanforgeFrozen, carrying the freeze, when it holds this create. */
  async check(create: HeldCreate): Promise<void> {
    const state = await this.read(Context.current().client).catch((error: unknown) => {
      // Nothing was sent: safe to try again, never an outcome to reconcile.
      throw ApplicationFailure.retryable(
        `could not read the freeze before the ${create} create (${String(error)}): nothing was sent`,
        'FreezeUnreadable',
      );
    });
    if (!holds(state, create)) return;
    throw ApplicationFailure.create({
      type: FROZEN,
      nonRetryable: true,
      message: `${create} held: ${frozenText(state.freeze!)}`,
      details: [state],
    });
  }

  activities() {
    return {
      /**
       * Returns the freeze once it no longer holds `create` or has changed since `revision` (a
       * new freeze: the create's own check then holds it again, with the new reason). Until then
       * the attempt completes asynchronously; a worker lost meanwhile lets the attempt time out,
       * and the retry waits on another worker.
       */
      awaitThaw: async (input: { revision: number; create: HeldCreate }): Promise<FreezeState> => {
        const context = Context.current();
        const state = await this.read(context.client);
        if (!holds(state, input.create) || state.revision !== input.revision) return state;
        const { workflowExecution, activityId, taskToken } = context.info;
        this.held.set(`${workflowExecution?.workflowId ?? ''}/${activityId}`, {
          taskToken,
          revision: input.revision,
          create: input.create,
        });
        this.watch(context.client);
        throw new CompleteAsyncError();
      },

      /** A release before its next wave: fails ClanforgeFrozen while frozen (the release waits, holding no child). */
      freezeCheck: (input: { create: HeldCreate }): Promise<void> => this.check(input.create),
    };
  }

  private watch(client: Client): void {
    if (this.watching) return;
    this.watching = true;
    void (async () => {
      try {
        while (this.held.size > 0) {
          await new Promise((done) => setTimeout(done, THAW_LOOK_MS));
          const state = await this.read(client).catch((error: unknown) => {
            log.warn('freeze: could not read its state; held workflows wait on', { error: String(error) });
            return undefined;
          });
          if (state) await this.release(client, state);
        }
      } finally {
        this.watching = false;
      }
    })();
  }

  /** Completes every wait the freeze no longer holds, a batch at a time. */
  private async release(client: Client, state: FreezeState): Promise<void> {
    const released = [...this.held].filter(([, h]) => !holds(state, h.create) || state.revision !== h.revision);
    for (const [key] of released) this.held.delete(key);
    for (let i = 0; i < released.length; i += RELEASE_BATCH) {
      await Promise.all(
        released.slice(i, i + RELEASE_BATCH).map(([key, h]) =>
          client.activity.complete(h.taskToken, state).catch((error: unknown) => {
            // Cancelled with its workflow, or timed out and retried elsewhere: nothing waits on it.
            log.debug('freeze: a held wait was already gone', { key, error: String(error) });
          }),
        ),
      );
    }
    if (released.length > 0) log.info('freeze moved: held workflows released', { released: released.length });
  }
}
