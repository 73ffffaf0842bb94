import { setHandler } from '@temporalio/workflow';
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
import type { OperatorInbox } from './operator';

/** Wires every signal and its update twin to the operator inbox. */
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
      inbox.deliver(action as OperatorAction, reasonOf(args));
    });
    setHandler(
      update,
      (args?: ReasonArgs): ActionAccepted => {
        const phase = inbox.phase;
        inbox.deliver(action as OperatorAction, reasonOf(args));
        return { accepted: true, phase };
      },
      {
        validator: (_args?: ReasonArgs) => {
          const refused = inbox.refusal(action as OperatorAction);
          if (refused) throw new Error(refused);
        },
      },
    );
  }
}

function reasonOf(args: unknown): string | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  const reason = (args as ReasonArgs).reason;
  return typeof reason === 'string' && reason.trim() ? reason.trim().slice(0, 500) : undefined;
}
