import type { Logger } from 'pino';
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
  log: Logger;
}

export type ApiBody = Record<string, unknown>;

export interface Route {
  template: Template;
  /** Matched against the path after `/cfp`. */
  pattern: RegExp;
  /** Changes state: lostResponse faults apply (the action happens, the answer is lost). */
  mutates: boolean;
  /** v2 carries the ASID in the path instead of the query. */
  asidInPath?: boolean;
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
