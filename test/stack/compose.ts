import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

/** One service of docker-compose.yml, after interpolation, in the shapes this runner supports. */
export interface ComposeService {
  name: string;
  image?: string;
  build?: string;
  profiles: string[];
  entrypoint?: string[];
  command?: string[];
  environment: Record<string, string>;
  dependsOn: Record<string, 'service_started' | 'service_healthy' | 'service_completed_successfully'>;
  healthcheck?: { test: string[]; intervalMs: number; timeoutMs: number; retries: number; startPeriodMs: number };
  ports: { host: number; container: number }[];
  volumes: { source: string; target: string; named: boolean }[];
}

export interface ComposeProject {
  services: Record<string, ComposeService>;
  volumes: string[];
}

export class ComposeInterpolationError extends Error {}

/**
 * Compose's variable interpolation, as the spec defines it: `$$` is a literal `$`; `$VAR` and
 * `${VAR}`; `${VAR:-default}` / `${VAR-default}`; `${VAR:?error}` / `${VAR?error}`;
 * `${VAR:+alt}` / `${VAR+alt}`. It applies to every value of the file, including services of
 * profiles that are not enabled, which is why a `:?` there stops `docker compose config`.
 */
export function interpolate(text: string, env: Record<string, string | undefined>, where: string): string {
  return text.replace(
    /\$(\$|\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (whole, _all: string, braced: string | undefined, bare: string | undefined) => {
      if (whole === '$$') return '$';
      if (bare !== undefined) return env[bare] ?? '';
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])(.*))?$/s.exec(braced ?? '');
      if (!m) throw new ComposeInterpolationError(`${where}: invalid interpolation format "${whole}"`);
      const [, name, colon, op, arg = ''] = m as unknown as [
        string,
        string,
        string,
        string | undefined,
        string | undefined,
      ];
      const value = env[name];
      const unset = value === undefined || (colon === ':' && value === '');
      if (op === '-') return unset ? interpolate(arg, env, where) : value!;
      if (op === '?') {
        if (unset)
          throw new ComposeInterpolationError(`${where}: required variable ${name} is missing a value: ${arg}`);
        return value!;
      }
      if (op === '+') return unset ? '' : interpolate(arg, env, where);
      return value ?? '';
    },
  );
}

function interpolateTree(node: unknown, env: Record<string, string | undefined>, where: string): unknown {
  if (typeof node === 'string') return interpolate(node, env, where);
  if (Array.isArray(node)) return node.map((item, i) => interpolateTree(item, env, `${where}[${i}]`));
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, interpolateTree(value, env, `${where}.${key}`)]),
    );
  }
  return node;
}

const asList = (value: unknown): string[] | undefined =>
  value === undefined
    ? undefined
    : Array.isArray(value)
      ? value.map(String)
      : ['/bin/sh', '-c', String(value)].slice(typeof value === 'string' ? 2 : 0);

function durationMs(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(String(value));
  if (!m) throw new Error(`unsupported compose duration "${String(value)}"`);
  return Number(m[1]) * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
}

function toService(name: string, raw: Record<string, unknown>, projectDir: string): ComposeService {
  const env = raw.environment ?? {};
  const environment: Record<string, string> = Array.isArray(env)
    ? Object.fromEntries(env.map((e: string) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]))
    : Object.fromEntries(
        Object.entries(env as Record<string, unknown>).map(([k, v]) => [k, v === null ? '' : String(v)]),
      );
  const deps = raw.depends_on ?? {};
  const dependsOn = Array.isArray(deps)
    ? Object.fromEntries(deps.map((d: string) => [d, 'service_started' as const]))
    : Object.fromEntries(
        Object.entries(deps as Record<string, { condition?: string }>).map(([d, v]) => [
          d,
          (v.condition ?? 'service_started') as ComposeService['dependsOn'][string],
        ]),
      );
  const hc = raw.healthcheck as Record<string, unknown> | undefined;
  return {
    name,
    image: raw.image as string | undefined,
    build: typeof raw.build === 'string' ? raw.build : (raw.build as { context?: string } | undefined)?.context,
    profiles: (raw.profiles as string[] | undefined) ?? [],
    entrypoint: asList(raw.entrypoint),
    command: asList(raw.command),
    environment,
    dependsOn,
    healthcheck: hc && {
      test: asList(hc.test) ?? [],
      intervalMs: durationMs(hc.interval, 30_000),
      timeoutMs: durationMs(hc.timeout, 30_000),
      retries: Number(hc.retries ?? 3),
      startPeriodMs: durationMs(hc.start_period, 0),
    },
    ports: ((raw.ports as string[] | undefined) ?? []).map((p) => {
      const [host, container] = String(p).split(':').map(Number);
      return { host: host!, container: container ?? host! };
    }),
    volumes: ((raw.volumes as string[] | undefined) ?? []).map((v) => {
      const [source, target] = v.split(':') as [string, string];
      const named = !/^[./~]/.test(source);
      // Bind sources are relative to the compose file's folder, as `docker compose config` prints them.
      return { source: named ? source : resolve(projectDir, source), target, named };
    }),
  };
}

/**
 * Reads docker-compose.yml the way `docker compose config` does: the whole file interpolated
 * against `env` (the shell plus .env), then the services of the enabled profiles.
 */
export function loadCompose(
  file: string,
  env: Record<string, string | undefined>,
  profiles: string[] = [],
): ComposeProject {
  const raw = interpolateTree(parse(readFileSync(file, 'utf8')), env, 'docker-compose.yml') as {
    services: Record<string, Record<string, unknown>>;
    volumes?: Record<string, unknown>;
  };
  const services = Object.entries(raw.services)
    .map(([name, service]) => toService(name, service, dirname(resolve(file))))
    .filter((s) => s.profiles.length === 0 || s.profiles.some((p) => profiles.includes(p)));
  return { services: Object.fromEntries(services.map((s) => [s.name, s])), volumes: Object.keys(raw.volumes ?? {}) };
}
