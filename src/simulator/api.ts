import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { AuthError, authenticate, checkAsid } from './auth';
import type { Credential } from './options';
import { ApiError, businessStatus, envelope } from './envelope';
import { BodyError, readBody, sendJson } from './http-util';
import { rollFaults, send429, send5xx, sendMalformed } from './injection';
import { Params, parseQuery, positiveInt, QueryError, type ParsedQuery } from './params';
import { matchRoute } from './routes';
import type { ApiBody, Route } from './routes/context';
import type { Sim } from './sim';

/** Bodies past the 30 KB payload limit are still read, so that limit answers its documented 400. */
const MAX_BODY = 1024 * 1024;

interface Answer {
  status: number;
  body: unknown;
  headers?: OutgoingHttpHeaders;
}

/**
 * One /cfp request: match, count, check method and query, inject faults, authenticate, run the
 * handler. `cfpPath` is the path after `/cfp` (e.g. `/v1/imagediff/create`).
 */
export async function handleApi(
  sim: Sim,
  req: IncomingMessage,
  res: ServerResponse,
  cfpPath: string,
  rawQuery: string,
): Promise<void> {
  const matched = matchRoute(cfpPath, req.method);
  if (!matched) return sendJson(res, 404, envelope(`unknown endpoint: /cfp${cfpPath}`));
  const { route, captures } = matched;
  sim.stats.count(route.template);
  if (!matched.methodAllowed) {
    const allow = matched.allow.join(', ');
    return sendJson(res, 405, envelope(`method ${req.method ?? ''} not allowed; use ${allow}`), { Allow: allow });
  }
  let body = '';
  if (route.readsBody) {
    try {
      body = await readBody(req, MAX_BODY);
    } catch (error) {
      if (error instanceof BodyError) return sendJson(res, 413, envelope(error.message));
      throw error;
    }
  }
  let query: ParsedQuery;
  try {
    query = parseQuery(rawQuery);
  } catch (error) {
    if (error instanceof QueryError) return sendJson(res, error.status, envelope(error.message));
    throw error;
  }

  const faults = rollFaults(sim.faults, sim.store.rng.faults, route.mutates);
  if (faults.latencyMs > 0) await delay(faults.latencyMs);
  if (faults.hang) {
    sim.log.debug({ endpoint: route.template }, 'fault: hang');
    return sim.hangs.hold(req, sim.faults.hangMs);
  }
  if (faults.status5xx !== null) return send5xx(res, faults.status5xx, sim.faults.retryAfter);
  if (faults.rate429) return send429(res, sim.faults.retryAfter);

  const answer = run(sim, req, route, captures, query, body);
  sim.persist();
  sim.log.debug({ endpoint: route.template, path: `/cfp${cfpPath}`, status: answer.status }, 'request');
  if (faults.lost) {
    // The action happened; the client never learns it.
    sim.log.debug({ endpoint: route.template }, 'fault: lost response');
    req.socket.destroy();
    return;
  }
  if (faults.malformed && answer.status === 200) return sendMalformed(res, answer.body);
  sendJson(res, answer.status, answer.body, answer.headers);
}

function run(
  sim: Sim,
  req: IncomingMessage,
  route: Route,
  captures: string[],
  query: ParsedQuery,
  requestBody: string,
): Answer {
  try {
    const credential = authenticate(req, sim.credentials);
    const now = sim.opts.now();
    sim.settle(now);
    const params = new Params(query);
    const asid = scopeAsid(sim, route, credential, captures, params);
    const body: ApiBody = route.handle({
      store: sim.store,
      planner: sim.planner,
      opts: sim.opts,
      now,
      asid,
      params,
      path: captures,
      body: requestBody,
      fleetEnv: once(() => sim.fleetEnv()),
      log: sim.log,
    });
    return { status: 200, body };
  } catch (error) {
    if (error instanceof AuthError) {
      return { status: 401, body: envelope(error.message), headers: { 'WWW-Authenticate': 'Basic realm="clanforge"' } };
    }
    if (error instanceof ApiError) {
      const status = error.httpStatus ?? businessStatus(error.kind, route.httpErrors ? 'v2' : sim.opts.errorStatus);
      return { status, body: envelope(error.message) };
    }
    sim.log.error({ err: error, endpoint: route.template }, 'internal error');
    return { status: 500, body: envelope('internal server error') };
  }
}

/** The request's ASID: the query's, the path's (v2 image status), or that of what it names (DESIGN 23). */
function scopeAsid(sim: Sim, route: Route, credential: Credential, captures: string[], params: Params): number {
  if (route.scope) {
    const scope = route.scope(sim.store, captures, params);
    if (credential.asids !== null && !credential.asids.includes(scope.asid))
      throw new ApiError('not_found', `${scope.what} not found`);
    return scope.asid;
  }
  const asid = route.asidInPath
    ? positiveInt('accountserviceid', captures[0] ?? '')
    : params.requiredId('accountserviceid');
  checkAsid(credential, asid);
  return asid;
}

/** One view of the fleets per request (it indexes the install jobs). */
function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}
