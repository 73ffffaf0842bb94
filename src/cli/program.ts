import { cutoverOptions } from './cutoverFlags';
import { windowOption } from './windowFlags';
import { Command } from 'commander';
import { PHASES } from '../contract/rollout/status';
import { BY_FLAG, BY_HELP, byFrom } from './byFlag';
import { ACTIONS, act, installs, list, live, start, status, watch, type ActionName } from './commands';
import { PROGRAM } from './errors';
import {
  INPUT_FLAGS,
  fleetIdFromFlag,
  intervalFromFlags,
  listFilterFromFlags,
  optionFor,
  rolloutInputFromFlags,
  workflowIdFrom,
} from './flags';
import { JSON_HELP, output } from './output';
import { addReleaseCommands } from './release/program';
import { addFreezeCommands } from './freeze';
import type { Session } from './session';
import { CliError, EXIT_USAGE } from './errors';

/**
 * The commander program for one invocation. Commander only parses; every action runs through
 * session.run, which owns the exit code and the one-line error. Commander's own errors (unknown
 * flag, missing argument) are thrown (exitOverride) and reported by main.
 */
export function buildProgram(session: Session, version: string): Command {
  const program = new Command(PROGRAM)
    .description(
      'Start, follow and steer Clanforge rollouts (Temporal workflow `rollout`) and releases: one build to many images in waves (workflow `release`, see `release --help`).',
    )
    .version(version, '-V, --version')
    .option('--json', JSON_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => session.io.stdout.write(text),
      // Commander writes errors, and help when no command was given, to stderr; main writes
      // one line instead.
      writeErr: () => undefined,
      outputError: () => undefined,
    })
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `\nConnects with TEMPORAL_ADDRESS (default localhost:7233), TEMPORAL_NAMESPACE, TEMPORAL_TLS_CERT/KEY or TEMPORAL_API_KEY.\nWith TEMPORAL_UI_URL (e.g. http://localhost:8080), start and status also print the workflow's Web UI address.\nExit codes: 0 success, 1 failure (refused action, failed rollout or release, conflicting start), 2 bad usage, 3 cannot reach Temporal.`,
    );

  const startCommand = program
    .command('start')
    .description('start a rollout (or attach to the one already running for the same image)')
    .addHelpText('after', `\nExample:\n  ${PROGRAM} start --asid 1001 --image 31 --machine 7 --game-build 1.4.2`);
  for (const entry of INPUT_FLAGS) startCommand.addOption(optionFor(entry));
  for (const option of cutoverOptions()) startCommand.addOption(option);
  startCommand.addOption(windowOption());
  startCommand
    .option('--workflow-id <ID>', 'workflow id (default rollout-<asid>-<image>)')
    .option('--json', JSON_HELP)
    .action(async (opts: Record<string, unknown>, command: Command) => {
      await session.run({}, async () => {
        const input = rolloutInputFromFlags(opts);
        const workflowId =
          typeof opts.workflowId === 'string' ? workflowIdFrom(opts.workflowId, '--workflow-id') : undefined;
        return start(session, input, workflowId, output(command));
      });
    });

  program
    .command('status')
    .description('show where a rollout is: phase, step, ids, current job, what it waits for')
    .argument('<id>', 'workflow id')
    .option('--json', JSON_HELP)
    .action(async (id: string, _opts: unknown, command: Command) => {
      await session.run({ workflowId: id }, () => status(session, workflowIdFrom(id), output(command)));
    });

  program
    .command('list')
    .description('list rollouts, newest first')
    .option('--phase <P>', `only rollouts in this phase: ${PHASES.join(', ')}`)
    .option('--asid <N>', 'only this account service id')
    .option('--image <N>', 'only this image')
    .option('--game-build <S>', 'only this game build')
    .option('--limit <N>', 'at most N rollouts (default 100)')
    .option('--json', JSON_HELP)
    .action(async (opts: Record<string, unknown>, command: Command) => {
      await session.run({}, () => list(session, listFilterFromFlags(opts), output(command)));
    });

  program
    .command('watch')
    .description(
      'follow a rollout to its end: a progress bar in a terminal, JSON lines when piped; exit 0 only if it completed',
    )
    .argument('<id>', 'workflow id')
    .option('--interval <MS>', 'poll interval in milliseconds (default 1000)')
    .option('--json', 'JSON lines even in a terminal')
    .action(async (id: string, opts: { interval?: string }, command: Command) => {
      await session.run({ workflowId: id }, () =>
        watch(session, workflowIdFrom(id), intervalFromFlags(opts.interval), output(command)),
      );
    });

  program
    .command('installs')
    .description(
      "list a rollout's per-machine install jobs, a page at a time, from Clanforge (open and failed ones: Clanforge lists incomplete jobs only)",
    )
    .argument('<id>', 'workflow id')
    .option('--failed', 'only the failed installs')
    .option('--offset <N>', 'skip this many (default 0)')
    .option('--limit <N>', `at most N per page, up to 500 (default 100)`)
    .option('--json', JSON_HELP)
    .action(async (id: string, opts: { failed?: boolean; offset?: string; limit?: string }, command: Command) => {
      await session.run({ workflowId: id }, () =>
        installs(
          session,
          workflowIdFrom(id),
          {
            failedOnly: opts.failed === true,
            offset: pageNumber(opts.offset, '--offset', 0, 0),
            limit: pageNumber(opts.limit, '--limit', 100, 1),
          },
          output(command),
        ),
      );
    });

  program
    .command('live')
    .description(
      "show a fleet's live profile, its image and build, and the rollout or rollback that made it live (from Temporal's visibility)",
    )
    .option('--fleet <F>', 'the Clanforge fleet id (required)')
    .option('--json', JSON_HELP)
    .action(async (opts: { fleet?: unknown }, command: Command) => {
      await session.run({}, () => live(session, fleetIdFromFlag(opts.fleet), output(command)));
    });

  for (const [name, spec] of Object.entries(ACTIONS) as [ActionName, (typeof ACTIONS)[ActionName]][]) {
    const command = program.command(name).description(spec.describe).argument('<id>', 'workflow id');
    if (spec.reason)
      command.option(
        '--reason <S>',
        name === 'rollback'
          ? 'why (kept in the timeline, or the rollback workflow)'
          : 'why (kept in the rollout timeline)',
      );
    if (name === 'retry')
      command.option(
        '--force',
        'only after "active allocations exist … send force=1": create the version with force=1',
      );
    if (name === 'unlock')
      command.option('--reinstall', "reject the locking diff with reinstall=1 (restore that diff's reference machine)");
    command.option(BY_FLAG, BY_HELP);
    command
      .option('--json', JSON_HELP)
      .action(
        async (
          id: string,
          opts: { reason?: string; force?: boolean; by?: string; reinstall?: boolean },
          self: Command,
        ) => {
          await session.run({ workflowId: id, action: name }, () =>
            act(
              session,
              name,
              workflowIdFrom(id),
              {
                reason: opts.reason,
                force: opts.force === true,
                by: byFrom(opts.by),
                ...(opts.reinstall ? { reinstall: true } : {}),
              },
              output(self),
            ),
          );
        },
      );
  }
  addReleaseCommands(program, session);
  addFreezeCommands(program, session);
  return program;
}

/** A whole number for a paging flag, within 0/1 … 500, or a usage error naming the flag. */
function pageNumber(raw: string | undefined, flag: string, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const max = flag === '--limit' ? 500 : Number.MAX_SAFE_INTEGER;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
    throw new CliError(
      `${flag} must be a whole number from ${min}${flag === '--limit' ? ' to 500' : ''}, got "${raw}"`,
      EXIT_USAGE,
    );
  }
  return Number(raw);
}
