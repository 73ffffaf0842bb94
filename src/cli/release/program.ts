import { CommanderError, type Command } from 'commander';
import { RELEASE_PHASES } from '../../contract/release/status';
import { BY_FLAG, BY_HELP, byFrom } from '../byFlag';
import { EXIT_USAGE, PROGRAM } from '../errors';
import { intervalFromFlags, workflowIdFrom } from '../flags';
import { JSON_HELP, output } from '../output';
import type { Session } from '../session';
import {
  actOnRelease,
  listReleases,
  RELEASE_ACTIONS,
  releaseStatus,
  startRelease,
  watchRelease,
  type ReleaseActionName,
} from './commands';
import { collect, releaseInputFromFlags, releaseListFilterFromFlags, type ReleaseStartFlags } from './flags';

const ID_HELP = 'release workflow id (release-<releaseId>) or releaseId';
const SUBCOMMANDS = ['start', 'status', 'watch', 'list', ...Object.keys(RELEASE_ACTIONS)];

/** `release` alone: commander would print its help to stderr; one line instead, exit 2. */
function missingSubcommand(error: CommanderError): never {
  if (error.code === 'commander.help') {
    throw new CommanderError(
      EXIT_USAGE,
      'release.missingCommand',
      `missing release command (${SUBCOMMANDS.join(', ')}); see release --help`,
    );
  }
  throw error;
}

/** `clanforge-rollout release …`: the release workflow's commands, run through session.run like the rollout's. */
export function addReleaseCommands(program: Command, session: Session): void {
  const release = program
    .command('release')
    .description(
      'start, follow and steer releases: one build to many images, in waves of rollouts (workflow `release`)',
    )
    .exitOverride(missingSubcommand)
    .addHelpText(
      'after',
      `\nExamples:\n  ${PROGRAM} release start -f release.yaml\n  ${PROGRAM} release start --release-id r142 --game-build 1.4.2 --image 1001:31:7 --image 1001:32:7\n  ${PROGRAM} release watch r142\n  ${PROGRAM} release promote r142`,
    );

  release
    .command('start')
    .description('start a release from a file, or one wave from flags (or attach to the same release already running)')
    .option(
      '-f, --file <FILE>',
      'the release input, JSON (.json) or YAML, as schema/release-input.schema.json describes; - reads stdin',
    )
    .option('--release-id <ID>', 'names the release (required without -f)')
    .option('--game-build <S>', 'game build every image gets (imageversion game_build)')
    .option('--update-url <URL>', "first run an image update on each image's machine from this URL")
    .option(
      '--install-at <T>',
      'earliest time versions are created and installed: ISO-8601 with offset or unix seconds',
    )
    .option('--max-install-ahead-days <N>', '--install-at may be at most N days from now, 1 to 3650 (default 30)')
    .option(
      '--image <ASID:IMAGE:MACHINE>',
      'an image to move, with its reference machine (repeatable, at least one; all in wave 1)',
      collect,
    )
    .option('--no-pause', 'do not wait for promote between waves (pauseBetweenWaves false)')
    .option('--notify', "post the release's events to the worker's webhook")
    .option('--workflow-id <ID>', 'workflow id (default release-<releaseId>)')
    .option('--json', JSON_HELP)
    .action(async (opts: ReleaseStartFlags & { workflowId?: string }, command: Command) => {
      await session.run({}, async () => {
        const input = await releaseInputFromFlags(opts, session.io.stdin);
        const workflowId = opts.workflowId === undefined ? undefined : workflowIdFrom(opts.workflowId, '--workflow-id');
        return startRelease(session, input, workflowId, output(command));
      });
    });

  release
    .command('status')
    .description('show where a release is: phase, wave, what it waits for, then each image')
    .argument('<id>', ID_HELP)
    .option('--json', JSON_HELP)
    .action(async (id: string, _opts: unknown, command: Command) => {
      await session.run({ workflowId: id, kind: 'release' }, () =>
        releaseStatus(session, workflowIdFrom(id), output(command)),
      );
    });

  release
    .command('watch')
    .description(
      'follow a release to its end: a line per image in a terminal, JSON lines when piped; exit 0 only if it completed',
    )
    .argument('<id>', ID_HELP)
    .option('--interval <MS>', 'poll interval in milliseconds (default 2000)')
    .option('--json', 'JSON lines even in a terminal')
    .action(async (id: string, opts: { interval?: string }, command: Command) => {
      await session.run({ workflowId: id, kind: 'release' }, () =>
        watchRelease(session, workflowIdFrom(id), intervalFromFlags(opts.interval, 2_000), output(command)),
      );
    });

  release
    .command('list')
    .description('list releases, newest first')
    .option('--phase <P>', `only releases in this phase: ${RELEASE_PHASES.join(', ')}`)
    .option('--limit <N>', 'at most N releases (default 100)')
    .option('--json', JSON_HELP)
    .action(async (opts: { phase?: string; limit?: string }, command: Command) => {
      await session.run({}, () => listReleases(session, releaseListFilterFromFlags(opts), output(command)));
    });

  for (const [name, spec] of Object.entries(RELEASE_ACTIONS) as [
    ReleaseActionName,
    (typeof RELEASE_ACTIONS)[ReleaseActionName],
  ][]) {
    const command = release.command(name).description(spec.describe).argument('<id>', ID_HELP);
    if (spec.reason) command.option('--reason <S>', 'why (kept in the release timeline)');
    command.option(BY_FLAG, BY_HELP);
    command
      .option('--json', JSON_HELP)
      .action(async (id: string, opts: { reason?: string; by?: string }, self: Command) => {
        await session.run({ workflowId: id, action: name, kind: 'release' }, () =>
          actOnRelease(session, name, workflowIdFrom(id), { reason: opts.reason, by: byFrom(opts.by) }, output(self)),
        );
      });
  }
}
