import type { EventEmitter } from 'node:events';
import type { Argument, Command, Option } from 'commander';
import { buildProgram } from '../../src/cli/program';
import { Session } from '../../src/cli/session';
import { code, inline, table, type Page } from './markdown';

/**
 * The CLI reference, walked from the commander program the CLI itself runs. Building the
 * program connects to nothing: a Session connects on a command's first use of the client, and
 * this one is never run (its client factory throws, to make sure of that).
 */
function program(): Command {
  const io = {
    stdout: { write: () => true },
    stderr: { write: () => true },
    isTTY: false,
    env: {},
    clientFactory: (): never => {
      throw new Error('the reference generator never connects');
    },
  };
  return buildProgram(new Session(io), '0.0.0');
}

/** Text a command adds after its help (examples, exit codes), as `--help` prints it. */
function helpAfter(command: Command): string {
  const parts: string[] = [];
  // commander's Command is an EventEmitter at run time; its typings do not say so.
  (command as unknown as EventEmitter).emit('afterHelp', {
    error: false,
    command,
    write: (text: string) => parts.push(text),
  });
  return parts.join('').trim();
}

function usageOf(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at; at = at.parent) names.unshift(at.name());
  return `${names.join(' ')} ${command.usage()}`.trim();
}

function argumentRows(args: readonly Argument[]): string[][] {
  return args.map((arg) => [code(arg.name()), arg.required ? 'yes' : 'no', arg.description]);
}

function optionRows(options: readonly Option[]): string[][] {
  return options.map((option) => [
    code(option.flags),
    option.description,
    option.defaultValue === undefined || option.negate ? '–' : code(JSON.stringify(option.defaultValue)),
  ]);
}

function commandSection(command: Command, depth: number): string[] {
  const sections = [`${'#'.repeat(depth)} ${usageOf(command).split(' [')[0]?.split(' <')[0] ?? command.name()}`];
  sections.push(`\`\`\`text\n${usageOf(command)}\n\`\`\``, inline(command.description()));
  if (command.registeredArguments.length > 0)
    sections.push(table(['argument', 'required', 'meaning'], argumentRows(command.registeredArguments)));
  if (command.options.length > 0) sections.push(table(['option', 'meaning', 'default'], optionRows(command.options)));
  const after = helpAfter(command);
  if (after) sections.push(`\`\`\`text\n${after}\n\`\`\``);
  for (const sub of command.commands) sections.push(...commandSection(sub, depth + 1));
  return sections;
}

export function cliPage(): Page {
  const root = program();
  return {
    title: 'CLI: `clanforge-rollout`',
    sources: ['src/cli/program.ts', 'src/cli/release/program.ts', 'src/cli/flags.ts'],
    sections: [
      `${inline(root.description())} Run it as \`npx clanforge-rollout <command>\` (package \`bin\`). Every command takes \`--json\`; \`--help\` on any command prints what this page says about it. On failure a command writes exactly one line to stderr: for bad usage (exit 2) it names the flag, and exit 3 comes at once when the connection is refused. Every operator command takes \`--by NAME\`; without it the client records \`user@host\`.`,
      '## Global options',
      table(['option', 'meaning', 'default'], optionRows(root.options)),
      `\`\`\`text\n${helpAfter(root)}\n\`\`\``,
      '## Commands',
      ...root.commands.flatMap((command) => commandSection(command, 3)),
    ],
  };
}
