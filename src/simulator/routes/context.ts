import type { Logger } from 'pino';
import type { FleetEnv } from '../fleets/engine';
import { jobFields, observe, type Job, type JobFields, type JobKind, type JobStateId, STATE_NAMES } from '../jobs';
import { GAME_ID_BASE, type ResolvedOptions } from '../options';
import { invalid } from '../envelope';
import { positiveInt, type Params } from '../params';
import type { Planner } from '../planner';
import type { Template } from '../stats';
import type { Store } from '../store';

/** What an API handler gets: the request's validated ASID and params, the clock reading, the data. */
export interface ApiContext {
  store: Store;
  planner: Planner;
  opts: ResolvedOptions;
  /** One clock reading per request, so every field of a response is consistent. */
  now: number;
  asid: number;
  params: Params;
  /** Captured path segments (raw), e.g. the diffid in imagediff/<diffid>/status. */
  path: string[];
  /** The request body, for routes that read one (`readsBody`); else empty. */
  body: string;
  /** Installs, faults and seeded restart times as the fleets see them now. */
  fleetEnv: () => FleetEnv;
  log: Logger;
}

/** A JSON object, or a bare array (v2 fleet allocations). */
export type ApiBody = Record<string, unknown> | unknown[];

export type HttpMethod = 'GET' | 'POST' | 'PATCH';

/** The ASID that owns what a request names, and how to call it when it is not found. */
export interface Scope {
  asid: number;
  what: string;
}

export interface Route {
  template: Template;
  /** Matched against the path after `/cfp`. */
  pattern: RegExp;
  /** Changes state: lostResponse faults apply (the action happens, the answer is lost). */
  mutates: boolean;
  /** v2 carries the ASID in the path instead of the query. */
  asidInPath?: boolean;
  /** Default GET. */
  methods?: readonly HttpMethod[];
  /**
   * DESIGN 23: endpoints without `accountserviceid` are scoped by what they name (fleet, server,
   * allocation); credentials that cannot see its ASID get "not found", as for an unknown id.
   */
  scope?(store: Store, path: string[], params: Params): Scope;
  /** DESIGN 4: errors as HTTP 400/404/409 whatever --error-status says (the v2 fleet endpoints). */
  httpErrors?: boolean;
  /** Reads the request body (switchprofile's JSON, allocate v2's payload). */
  readsBody?: boolean;
  handle(ctx: ApiContext): ApiBody;
}

export function pathId(ctx: ApiContext, index: number, name: string): number {
  return positiveInt(name, ctx.path[index] ?? '');
}

/**
 * The id of a status call, in the path as the docs show it (`imagediff/<diffid>/status`) or as a
 * query parameter (`imagediff/status?diffid=N`), as public deploy code calls the real API. Given
 * both ways, they must agree.
 */
export function pathOrQueryId(ctx: ApiContext, name: string): number {
  const query = ctx.params.optionalId(name);
  if (ctx.path[0] === undefined) return query ?? ctx.params.requiredId(name);
  const id = pathId(ctx, 0, name);
  if (query !== undefined && query !== id) throw invalid(`${name} in the path (${id}) and the query (${query}) differ`);
  return id;
}

export function fields(ctx: ApiContext, job: Job): JobFields {
  return jobFields(job, ctx.now, ctx.opts);
}

/** A status call's answer: also counted for the benchmark (observe), which a create's is not. */
export function statusFields(ctx: ApiContext, job: Job): JobFields {
  observe(job, ctx.now);
  return fields(ctx, job);
}

/** Fields shared by every new job: one id, first attempt planned from now. */
export function newJobBase(ctx: ApiContext, kind: JobKind, imageid: number) {
  return {
    id: ctx.store.newId(),
    asid: ctx.asid,
    imageid,
    createdAt: ctx.now,
    attempts: 1,
    priorFailures: 0,
    timeline: ctx.planner.timeline(kind, ctx.now, 1),
  };
}

export function describeState(state: JobStateId): string {
  return `${STATE_NAMES[state]} (${state})`;
}

/** The game an image belongs to: the configured one (`games`), else its ASID's default game. */
export function gameIdOf(ctx: ApiContext, imageid: number): number {
  return ctx.opts.games.get(imageid) ?? GAME_ID_BASE + ctx.asid;
}
