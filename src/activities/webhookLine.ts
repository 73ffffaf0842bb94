import type { FreezeEvent, ReleaseEvent, RolloutEvent, WebhookEvent } from '../contract/webhookEvents';

/**
 * A webhook event as one line a person reads in a chat channel, in two parts so a formatter can
 * link the first: `name` (the workflow id, or "release <id>") and the `rest` that follows it, e.g.
 * "rollout-1001-42" + " (image 42, ASID 1001, build 1.5.0): approve by alice@build-01 → versioning".
 */
export interface EventLine {
  name: string;
  rest: string;
}

type Action = NonNullable<RolloutEvent['lastAction']>;

export function eventLine(event: WebhookEvent): EventLine {
  if (!('kind' in event)) return rolloutLine(event);
  return event.kind === 'freeze' ? freezeLine(event) : releaseLine(event);
}

/** "clanforge-freeze: frozen by alice@ops-1: incident 4711 (rollbacks still allowed)". */
function freezeLine(e: FreezeEvent): EventLine {
  return { name: e.workflowId, rest: `: ${e.text}` };
}

function rolloutLine(e: RolloutEvent): EventLine {
  const build = e.gameBuild ? `, build ${e.gameBuild}` : '';
  const action = rolloutActionCause(e);
  return {
    name: e.workflowId,
    rest: ` (image ${e.imageId}, ASID ${e.accountServiceId}${build}): ${withAction(action, rolloutState(e, action !== undefined))}`,
  };
}

function releaseLine(e: ReleaseEvent): EventLine {
  const build = e.gameBuild ? ` (build ${e.gameBuild})` : '';
  return { name: `release ${e.releaseId}`, rest: `${build}: ${withAction(releaseActionCause(e), releaseState(e))}` };
}

/** "approve by alice@build-01 → versioning", or the state alone when no operator action caused it. */
function withAction(action: Action | undefined, state: string): string {
  return action ? `${action.action} ${byWhom(action.by)} → ${state}` : state;
}

/** How a sender is named, as the timeline names it ("by an unnamed operator" when the Web UI sent it). */
function byWhom(by: string | null): string {
  return by ? `by ${by}` : 'by an unnamed operator';
}

/**
 * The rollout's state in words: "versioning — packaging diff 1013 …". After the action that
 * caused it, the step's description is dropped ("approve by … → versioning"); what a waiting or
 * ended rollout says is kept, because that is the news.
 */
function rolloutState(e: RolloutEvent, afterAction: boolean): string {
  // "reminder 2: still awaiting-approval after 1 h 0 min: diff 1013 found … (approve / reject / cancel)"
  if (e.reminder && e.awaiting) return `${withoutSignal(e.event)} (${e.awaiting.actions.join(' / ')})`;
  if (e.awaiting && !e.final) return awaitingText(e.phase, e.awaiting);
  if (e.phase === 'completed') return 'completed';
  const detail = withoutPrefix(e.event, e.phase);
  if (e.final) return `${e.phase}: ${detail}`;
  return afterAction ? e.phase : `${e.phase} — ${detail}`;
}

/** "wave 2 of 3 started: 4 images", what it waits for, or how it ended. */
function releaseState(e: ReleaseEvent): string {
  if (e.awaiting && !e.final) return awaitingText(e.phase, e.awaiting);
  if (e.event === 'wave-started') return e.text;
  return e.reason && e.phase !== 'completed' ? `${e.phase}: ${e.reason}` : e.phase;
}

/** "awaiting-approval — diff 1013 found 3 added, … (approve / reject / cancel)": the actions replace the "Signal …" sentence. */
function awaitingText(phase: string, awaiting: { reason: string; actions: string[] }): string {
  return `${phase} — ${withoutSignal(awaiting.reason)} (${awaiting.actions.join(' / ')})`;
}

/** A waiting rollout's reason ends "Signal approve to …": the list of actions says it shorter. */
function withoutSignal(text: string): string {
  return text.replace(/\.\s+Signal\s[\s\S]*$/, '');
}

/** "cancelled: wrong build" → "wrong build" for phase cancelled: the phase is said once. */
function withoutPrefix(text: string, phase: string): string {
  return text.startsWith(`${phase}: `) ? text.slice(phase.length + 2) : text;
}

/** The actions that end each wait, and so move a rollout out of it. */
const ENDS_WAIT: Record<string, readonly string[]> = {
  'awaiting-approval': ['approve'],
  'awaiting-operator': ['retry', 'unlock'],
  scheduled: ['proceedNow'],
};

/**
 * `lastAction` is the operator action since the previous event (the workflow clears it once
 * posted). It is named only where it is what moved the rollout: a cancel or reject that ended it,
 * or the action that ended the wait it was in (an auto-cancel is nobody's doing).
 */
function rolloutActionCause(e: RolloutEvent): Action | undefined {
  const action = e.lastAction;
  // A reminder changes nothing; neither does anything that stays in its phase.
  if (!action || e.reminder || e.phase === e.previousPhase) return undefined;
  if (e.final)
    return action.action === 'cancel' || (action.action === 'reject' && e.phase === 'rejected') ? action : undefined;
  return e.previousPhase && ENDS_WAIT[e.previousPhase]?.includes(action.action) ? action : undefined;
}

/** A release posts after a promote (its wave starts) and after a cancel (it ends); a retry posts nothing of its own. */
function releaseActionCause(e: ReleaseEvent): Action | undefined {
  const action = e.lastAction;
  if (action?.action === 'promote' && e.event === 'wave-started') return action;
  if (action?.action === 'cancel' && e.final) return action;
  return undefined;
}
