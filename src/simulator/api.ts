import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { AuthError, authenticate, checkAsid } from './auth';
import { ApiError, businessStatus, envelope } from './envelope';
import { sendJson } from './http-util';
import { rollFaults, send429, send5xx, sendMalformed } from './injection';
import { Params, parseQuery, positiveInt, QueryError, type ParsedQuery } from './params';
import { matchRoute } from './routes';
import type { ApiBody, Route } from './routes/context';
import type { Sim } from './sim';

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
  const matched = matchRoute(cfpPath);
  if (!matched) return sendJson(res, 404, envelope(`unknown endpoint: /cfp${cfpPath}`));
  const { route, captures } = matched;
  sim.stats.count(route.template);
  if (req.method !== 'GET') {
    return sendJson(res, 405, envelope(`method ${req.method ?? ''} not allowed; use GET`), { Allow: 'GET' });
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

  const answer = run(sim, req, route, captures, query);
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

function run(sim: Sim, req: IncomingMessage, route: Route, captures: string[], query: ParsedQuery): Answer {
  try {
    const credential = authenticate(req, sim.credentials);
    const now = sim.opts.now();
    sim.settle(now);
    const params = new Params(query);
    const asid = route.asidInPath
      ? positiveInt('accountserviceid', captures[0] ?? '')
      : params.requiredId('accountserviceid');
    checkAsid(credential, asid);
    const body: ApiBody = route.handle({
      store: sim.store,
      planner: sim.planner,
      opts: sim.opts,
      now,
      asid,
      params,
      path: captures,
      log: sim.log,
    });
    return { status: 200, body };
  } catch (error) {
    if (error instanceof AuthError) {
      return { status: 401, body: envelope(error.message), headers: { 'WWW-Authenticate': 'Basic realm="clanforge"' } };
    }
    if (error instanceof ApiError)
      return { status: businessStatus(error.kind, sim.opts.errorStatus), body: envelope(error.message) };
    sim.log.error({ err: error, endpoint: route.template }, 'internal error');
    return { status: 500, body: envelope('internal server error') };
  }
}
