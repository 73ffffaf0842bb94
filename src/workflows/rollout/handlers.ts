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
  rollbackSignal,
  rollbackUpdate,
  retryUpdate,
  unlockSignal,
  unlockUpdate,
  type ActionAccepted,
  type OperatorAction,
  type ReasonArgs,
} from '../../contract/rollout/messages';
import type { OperatorInbox } from './operator';
import { readPayload } from '../shared/payload';

/** Wires every signal and its update twin to the operator inbox; unknown signals are noted. */
export function installMessageHandlers(inbox: OperatorInbox): void {
  const pairs = [
    ['cancel', cancelSignal, cancelUpdate],
    ['retry', retrySignal, retryUpdate],
    ['approve', approveSignal, approveUpdate],
    ['reject', rejectSignal, rejectUpdate],
    ['proceedNow', proceedNowSignal, proceedNowUpdate],
    ['unlock', unlockSignal, unlockUpdate],
    ['rollback', rollbackSignal, rollbackUpdate],
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
          const refused =
            inbox.refusal(action as OperatorAction) ??
            (action === 'retry' && readPayload(args).force ? inbox.forceRefusal() : undefined);
          // Non-retryable: sending the same action again in this phase is refused again.
          if (refused)
            throw ApplicationFailure.create({ type: 'RolloutActionRefused', message: refused, nonRetryable: true });
        },
      },
    );
  }
  setDefaultSignalHandler((name: string) => inbox.unknownSignal(name));
}
