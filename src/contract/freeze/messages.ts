import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { FreezeRequest, FreezeState, UnfreezeRequest } from './state';

/** Sets the freeze; refused (validator) when already frozen, naming who froze it. */
export const freezeUpdate = defineUpdate<FreezeState, [FreezeRequest]>('freeze');
/** Lifts the freeze; refused when not frozen. */
export const unfreezeUpdate = defineUpdate<FreezeState, [UnfreezeRequest]>('unfreeze');
export const freezeStateQuery = defineQuery<FreezeState>('state');
