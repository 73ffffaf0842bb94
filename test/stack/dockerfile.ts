import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, posix } from 'node:path';

/** What a built image leaves behind for running it natively. */
export interface BuiltImage {
  /** The directory that stands for the image's `/`. */
  root: string;
  workdir: string;
  env: Record<string, string>;
  cmd: string[];
  /** The HEALTHCHECK command (shell form is run with `/bin/sh -c`). */
  healthcheck?: string[];
  user?: string;
}

interface Stage extends BuiltImage {
  name: string;
}

/** Joins logical lines (backslash continuations) and drops comments, as Docker's parser does. */
function instructions(text: string): { op: string; args: string }[] {
  const out: { op: string; args: string }[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line) && current === '') continue;
    const continued = /\\\s*$/.test(line);
    current += continued ? line.replace(/\\\s*$/, ' ') : line;
    if (continued) continue;
    const m = /^\s*(\w+)\s+(.*)$/s.exec(current);
    if (m) out.push({ op: m[1]!.toUpperCase(), args: m[2]!.trim() });
    current = '';
  }
  return out;
}

/** JSON (exec) form, else shell form run by `/bin/sh -c`. */
function commandForm(args: string): string[] {
  return args.startsWith('[') ? (JSON.parse(args) as string[]) : ['/bin/sh', '-c', args];
}

/**
 * Builds a Dockerfile natively, instruction by instruction: each stage gets its own directory as
 * `/`, COPY copies from the build context (or `--from` another stage), RUN runs with `/bin/sh -c`
 * in the stage's WORKDIR. FROM's base image is this machine (Node 20 here, as node:20 there).
 * Supports what our Dockerfile uses: FROM … AS, WORKDIR, COPY [--from], RUN, ENV, USER, EXPOSE,
 * HEALTHCHECK, CMD; anything else is an error rather than a silent difference.
 */
export function buildDockerfile(context: string, outDir: string, log: (line: string) => void): BuiltImage {
  rmSync(outDir, { recursive: true, force: true });
  const stages: Stage[] = [];
  let stage: Stage | undefined;
  const hostPath = (s: Stage, containerPath: string) => join(s.root, posix.resolve(s.workdir, containerPath));
  for (const { op, args } of instructions(readFileSync(join(context, 'Dockerfile'), 'utf8'))) {
    if (op === 'FROM') {
      const name = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? String(stages.length);
      stage = { name, root: join(outDir, name), workdir: '/', env: {}, cmd: [] };
      mkdirSync(stage.root, { recursive: true });
      stages.push(stage);
      continue;
    }
    if (!stage) throw new Error(`Dockerfile: ${op} before FROM`);
    const s = stage;
    switch (op) {
      case 'WORKDIR':
        s.workdir = posix.resolve(s.workdir, args);
        mkdirSync(hostPath(s, '.'), { recursive: true });
        break;
      case 'ENV':
        for (const m of args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) s.env[m[1]!] = m[2]!.replace(/^"|"$/g, '');
        break;
      case 'COPY': {
        const from = /--from=(\S+)/.exec(args)?.[1];
        const parts = args.split(/\s+/).filter((p) => !p.startsWith('--'));
        const dest = parts.pop()!;
        const source = from ? stages.find((x) => x.name === from) : undefined;
        if (from && !source) throw new Error(`Dockerfile: COPY --from=${from}: no such stage`);
        for (const src of parts) {
          const origin = source ? join(source.root, posix.resolve(source.workdir, src)) : join(context, src);
          const target = dest.endsWith('/') ? join(hostPath(s, dest), posix.basename(src)) : hostPath(s, dest);
          cpSync(origin, target, { recursive: true });
        }
        break;
      }
      case 'RUN':
        log(`[${s.name}] RUN ${args}`);
        // npm's cache is the build's own (like a BuildKit cache mount): `npm cache clean` in a
        // RUN must not empty the cache of the user running the build.
        execFileSync('/bin/sh', ['-c', args], {
          cwd: hostPath(s, '.'),
          env: { ...process.env, npm_config_cache: join(outDir, '..', 'npm-cache'), ...s.env },
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        break;
      case 'USER':
        s.user = args;
        break;
      case 'CMD':
        s.cmd = commandForm(args);
        break;
      case 'HEALTHCHECK': {
        const cmd = /\bCMD\s+(.*)$/s.exec(args)?.[1];
        s.healthcheck = cmd ? commandForm(cmd.trim()) : undefined;
        break;
      }
      case 'EXPOSE':
        break;
      default:
        throw new Error(`Dockerfile: ${op} is not supported by the native build`);
    }
  }
  const last = stages.at(-1);
  if (!last) throw new Error('Dockerfile: no FROM');
  return {
    root: last.root,
    workdir: last.workdir,
    env: last.env,
    cmd: last.cmd,
    healthcheck: last.healthcheck,
    user: last.user,
  };
}
