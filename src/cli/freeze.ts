import type { Command } from 'commander';
import {
  freezeSetText,
  frozenText,
  notFrozenText,
  rollbacksText,
  unfrozenText,
  type FreezeState,
} from '../contract/freeze/state';
import { BY_FLAG, BY_HELP, byFrom } from './byFlag';
import { UsageError } from './errors';
import { JSON_HELP, output, print } from './output';
import type { Session } from './session';

/** `freeze`, `unfreeze` and `frozen`: the emergency stop of every rollout, release and rollback. */
export function addFreezeCommands(program: Command, session: Session): void {
  program
    .command('freeze')
    .description(
      'stop everything: no rollout, release or rollback creates an update, diff, version, install or cutover until unfreeze (each waits in phase frozen; jobs already running are followed to their end)',
    )
    .option('--reason <S>', 'why (required): shown in every held workflow, e.g. "incident 4711"')
    .option('--include-rollbacks', 'hold rollbacks too (by default a rollback goes through a freeze)')
    .option(BY_FLAG, BY_HELP)
    .option('--json', JSON_HELP)
    .action(async (opts: { reason?: string; includeRollbacks?: boolean; by?: string }, command: Command) => {
      await session.run({}, async () => {
        if (opts.reason === undefined || opts.reason.trim() === '')
          throw new UsageError('freeze needs --reason, e.g. --reason "incident 4711"');
        const client = await session.client();
        const state = await client.freeze({
          reason: opts.reason,
          includeRollbacks: opts.includeRollbacks === true,
          by: byFrom(opts.by),
        });
        return print(session, output(command), state, (s) =>
          s.freeze
            ? `${freezeSetText(s.freeze)}\nno rollout, release or rollback creates anything until: clanforge-rollout unfreeze\n`
            : 'frozen\n',
        );
      });
    });

  program
    .command('unfreeze')
    .description('lift the freeze: every held rollout, release and rollback goes on by itself')
    .option(BY_FLAG, BY_HELP)
    .option('--json', JSON_HELP)
    .action(async (opts: { by?: string }, command: Command) => {
      await session.run({}, async () => {
        const client = await session.client();
        const state = await client.unfreeze({ by: byFrom(opts.by) });
        return print(session, output(command), state, (s) => `${s.lifted ? unfrozenText(s.lifted) : 'unfrozen'}\n`);
      });
    });

  program
    .command('frozen')
    .description('say whether a freeze is in force, who set it, when and why (exit 0 either way)')
    .option('--json', JSON_HELP)
    .action(async (_opts: unknown, command: Command) => {
      await session.run({}, async () => {
        const client = await session.client();
        return print(session, output(command), await client.freezeState(), freezeLine);
      });
    });
}

function freezeLine(state: FreezeState): string {
  if (state.frozen && state.freeze) return `${frozenText(state.freeze)} (${rollbacksText(state.freeze)})\n`;
  return `${notFrozenText(state)}\n`;
}
