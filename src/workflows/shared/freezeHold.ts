import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { freezeWaits } from './activities';
import { FROZEN, holds, type FreezeState, type HeldCreate } from '../../contract/freeze/state';

/** Where a workflow says that a freeze holds it, and that it goes on (status, timeline, webhook). */
export interface FreezeHold {
  held(create: HeldCreate, state: FreezeState): void;
  released(create: HeldCreate, state: FreezeState): void;
}

/**
 * Runs a create that a freeze may hold: when the activity says ClanforgeFrozen (before any call
 * to Clanforge), the workflow is held (phase `frozen`) until the freeze no longer holds this
 * create, then the create runs again. A new freeze set while held holds on, under its own reason.
 */
export async function heldWhileFrozen<T>(hold: FreezeHold, create: HeldCreate, call: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const first = frozenStateOf(error);
      if (!first) throw error;
      hold.held(create, first);
      let state: FreezeState = first;
      for (;;) {
        const after: FreezeState = await freezeWaits.awaitThaw({ revision: state.revision, create });
        if (!holds(after, create)) {
          hold.released(create, after);
          break;
        }
        if (after.revision !== state.revision) hold.held(create, after);
        state = after;
      }
    }
  }
}

/** The freeze that held an activity's create, or undefined for any other failure. */
function frozenStateOf(error: unknown): FreezeState | undefined {
  if (!(error instanceof ActivityFailure) || !(error.cause instanceof ApplicationFailure)) return undefined;
  if (error.cause.type !== FROZEN) return undefined;
  return error.cause.details?.[0] as FreezeState;
}
