import { z } from 'zod';

/**
 * The emergency freeze (product contract, "Change control"): one singleton workflow holds it;
 * while it is set, no rollout, release or rollback creates anything in Clanforge.
 */
export const FREEZE_WORKFLOW_TYPE = 'freeze';
export const FREEZE_WORKFLOW_ID = 'clanforge-freeze';
/** The memo key under which the freeze workflow keeps its state: readable by describe, with no worker. */
export const FREEZE_MEMO_KEY = 'freeze';
/** The failure type of a create that a freeze held (thrown by the activity, before any call). */
export const FROZEN = 'ClanforgeFrozen';

/** What a freeze holds: the creates of the rollout, the release's next wave, a switch back. */
export type HeldCreate = 'update' | 'diff' | 'version' | 'install' | 'cutover' | 'rollback' | 'wave';

/** One freeze: who set it, when, why. */
export interface FreezeRecord {
  /** user@host as the CLI or client sent it; null for an unnamed caller. */
  by: string | null;
  at: string;
  reason: string;
  /** Also holds rollbacks (switches back to the profile live before), which a freeze otherwise lets through. */
  includeRollbacks: boolean;
}

/** The freeze workflow's state (its memo, its `state` query, the answer to freeze and unfreeze). */
export interface FreezeState {
  frozen: boolean;
  /** Counts every freeze and unfreeze: a held workflow waits for it to move. */
  revision: number;
  /** The freeze in force, while frozen. */
  freeze?: FreezeRecord;
  /** The last unfreeze: who lifted which freeze, and when. */
  lifted?: { by: string | null; at: string; freeze: FreezeRecord };
}

export const NOT_FROZEN: FreezeState = { frozen: false, revision: 0 };

/** True when this freeze holds this kind of create (a rollback only with includeRollbacks). */
export function holds(state: FreezeState, create: HeldCreate): boolean {
  if (!state.frozen || !state.freeze) return false;
  return create !== 'rollback' || state.freeze.includeRollbacks;
}

/** "frozen by alice@ops-1 12 min ago: incident 4711" (relative to `now`, as the reader reads it). */
export function frozenText(freeze: FreezeRecord, now = Date.now()): string {
  return `frozen by ${nameOf(freeze.by)} ${agoText(Date.parse(freeze.at), now)}: ${freeze.reason}`;
}

/** "frozen by alice@ops-1: incident 4711 (rollbacks still allowed)": a freeze as it is set. */
export function freezeSetText(freeze: FreezeRecord): string {
  return `frozen by ${nameOf(freeze.by)}: ${freeze.reason} (${rollbacksText(freeze)})`;
}

/** Whether the freeze lets rollbacks through, in words. */
export function rollbacksText(freeze: FreezeRecord): string {
  return freeze.includeRollbacks ? 'rollbacks held too' : 'rollbacks still allowed';
}

/** "not frozen (last unfrozen by bob@ops-2 …)": what an unfreeze with nothing to lift is told. */
export function notFrozenText(state: FreezeState): string {
  return `not frozen${state.lifted ? ` (last ${unfrozenText(state.lifted)})` : ''}`;
}

/** How a held workflow's wait ended: who lifted which freeze, or that its freeze workflow ended. */
export function liftedText(state: FreezeState): string {
  return state.lifted ? unfrozenText(state.lifted) : 'the freeze ended';
}

function nameOf(by: string | null): string {
  return by ?? 'an unnamed operator';
}

/** "unfrozen by bob@ops-2 (frozen 14 min by alice@ops-1: incident 4711)". */
export function unfrozenText(lifted: NonNullable<FreezeState['lifted']>): string {
  const held = Math.max(0, Date.parse(lifted.at) - Date.parse(lifted.freeze.at));
  return `unfrozen by ${nameOf(lifted.by)} (frozen ${durationText(held)} by ${nameOf(lifted.freeze.by)}: ${lifted.freeze.reason})`;
}

function agoText(atMs: number, now: number): string {
  if (!Number.isFinite(atMs)) return '';
  return `${durationText(Math.max(0, now - atMs))} ago`;
}

function durationText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

const by = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).max(200).optional();

/** The `freeze` update's argument. */
const FREEZE_REQUEST_SCHEMA = z.strictObject({
  reason: z
    .string({
      error: (issue) =>
        issue.input === undefined ? 'is required: say why (e.g. "incident 4711")' : 'must be a string',
    })
    .trim()
    .min(1, { error: 'must not be empty: say why (e.g. "incident 4711")' })
    .max(500, { error: 'must be at most 500 characters' }),
  by,
  includeRollbacks: z.boolean({ error: 'must be true or false' }).default(false),
});
export type FreezeRequest = z.input<typeof FREEZE_REQUEST_SCHEMA>;
export const freezeRequestSchema = () => FREEZE_REQUEST_SCHEMA;

/** The `unfreeze` update's argument. */
const UNFREEZE_REQUEST_SCHEMA = z.strictObject({ by });
export type UnfreezeRequest = z.input<typeof UNFREEZE_REQUEST_SCHEMA>;
export const unfreezeRequestSchema = () => UNFREEZE_REQUEST_SCHEMA;

/** A refused freeze or unfreeze (already frozen, not frozen, bad request): its message says why. */
export const FREEZE_REFUSED = 'FreezeRefused';
