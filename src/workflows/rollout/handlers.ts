import { ApplicationFailure, setDefaultSignalHandler, setHandler } from '@temporalio/workflow';
import {
  approveSignal,
  approveUpdate,
  cancelSignal,
  cancelUpdate,
  proceedNowSignal,
  proceedNowUpdate,
  rejectSignal,
  rejectUpdate,
  retrySignal,
  retryUpdate,
  type ActionAccepted,
  type OperatorAction,
  type ReasonArgs,
} from './messages';
import type { Delivery, OperatorInbox } from './operator';

/** Wires every signal and its update twin to the operator inbox; unknown signals are noted. */
export function installMessageHandlers(inbox: OperatorInbox): void {
  const pairs = [
    ['cancel', cancelSignal, cancelUpdate],
    ['retry', retrySignal, retryUpdate],
    ['approve', approveSignal, approveUpdate],
    ['reject', rejectSignal, rejectUpdate],
    ['proceedNow', proceedNowSignal, proceedNowUpdate],
  ] as const;
  for (const [action, signal, update] of pairs) {
    setHandler(signal, (args?: ReasonArgs) => {
      inbox.deliver(action as OperatorAction, readPayload(args));
    });
    setHandler(
      update,
      (args?: ReasonArgs): ActionAccepted => {
        const phase = inbox.phase;
        inbox.deliver(action as OperatorAction, readPayload(args));
        return { accepted: true, phase };
      },
      {
        validator: (args?: ReasonArgs) => {
          const refused = inbox.refusal(action as OperatorAction) ?? (action === 'retry' && readPayload(args).force ? inbox.forceRefusal() : undefined);
          // Non-retryable: sending the same action again in this phase is refused again.
          if (refused) throw ApplicationFailure.create({ type: 'RolloutActionRefused', message: refused, nonRetryable: true });
        },
      },
    );
  }
  setDefaultSignalHandler((name: string) => inbox.unknownSignal(name));
}

const REASON_LIMIT = 500;
const VERBATIM_LIMIT = 200;

/**
 * Reads a payload leniently: sent by hand (Web UI, `temporal workflow signal`) it is easily not
 * `{reason}`. A plain string is the reason; anything else malformed is kept, cut short, verbatim.
 */
function readPayload(args: unknown): Delivery {
  if (args === undefined || args === null) return {};
  if (typeof args === 'string') return { reason: cleanReason(args) };
  if (typeof args === 'object' && !Array.isArray(args)) {
    const { reason, force } = args as { reason?: unknown; force?: unknown };
    const forced = force === true ? { force: true } : {};
    if (reason === undefined || reason === null) return forced;
    if (typeof reason === 'string') return { reason: cleanReason(reason), ...forced };
  }
  return { unreadable: verbatim(args) };
}

function cleanReason(text: string): string | undefined {
  return text.trim() ? text.trim().slice(0, REASON_LIMIT) : undefined;
}

function verbatim(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > VERBATIM_LIMIT ? `${text.slice(0, VERBATIM_LIMIT)}…` : text;
}
