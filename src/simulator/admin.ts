import type { IncomingMessage, ServerResponse } from 'node:http';
import { AdminError, type AdminRoute } from './admin-error';
import { fleetAdminRoutes } from './fleets/admin';
import { faultsToJson, FaultSpecError, parseFaultJson } from './faults';
import { BodyError, readJsonObject, sendJson } from './http-util';
import { forceTerminal, isTerminal, jobFields, jobState, JOB_KINDS, STATE_NAMES, type Job } from './jobs';
import { parseQuery, QueryError } from './params';
import type { Sim } from './sim';
import { OptionsError, parseCredential } from './options';
import { jobStats } from './stats';

const ROUTES: AdminRoute[] = [
  { method: 'GET', pattern: /^\/health$/, handle: (sim) => ({ ok: true, jobs: sim.store.jobs.size }) },
  {
    method: 'GET',
    pattern: /^\/stats$/,
    handle: (sim) => ({ calls: sim.stats.toJson(), jobs: jobStats(sim.store, sim.opts.now()) }),
  },
  { method: 'GET', pattern: /^\/jobs$/, handle: listJobs },
  { method: 'GET', pattern: /^\/faults$/, handle: (sim) => faultsToJson(sim.faults) },
  { method: 'POST', pattern: /^\/faults$/, handle: setFaults },
  { method: 'POST', pattern: /^\/jobs\/([a-z]+)\/(\d+)\/(fail|complete)$/, handle: finishJob },
  { method: 'GET', pattern: /^\/credentials$/, handle: (sim) => acceptedKeys(sim) },
  { method: 'POST', pattern: /^\/credentials$/, handle: setCredentials },
  { method: 'POST', pattern: /^\/reset$/, handle: reset },
  { method: 'POST', pattern: /^\/images\/(\d+)\/allocations$/, handle: setAllocations },
  ...fleetAdminRoutes,
];

/** `/_sim/...` (already checked to come from loopback). `path` is the part after `/_sim`. */
export async function handleAdmin(
  sim: Sim,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: string,
): Promise<void> {
  const candidates = ROUTES.map((route) => ({ route, match: route.pattern.exec(path) })).filter((c) => c.match);
  if (candidates.length === 0) return sendJson(res, 404, { error: `unknown admin endpoint: /_sim${path}` });
  const hit = candidates.find((c) => c.route.method === req.method);
  if (!hit?.match) {
    const allow = candidates.map((c) => c.route.method).join(', ');
    return sendJson(res, 405, { error: `method ${req.method ?? ''} not allowed; use ${allow}` }, { Allow: allow });
  }
  try {
    sim.settle(sim.opts.now());
    const body = await hit.route.handle(sim, req, hit.match.slice(1), query);
    sim.persist();
    sendJson(res, 200, body);
  } catch (error) {
    if (error instanceof AdminError) return sendJson(res, error.status, { error: error.message });
    if (error instanceof BodyError || error instanceof FaultSpecError || error instanceof OptionsError)
      return sendJson(res, 400, { error: error.message });
    if (error instanceof QueryError) return sendJson(res, error.status, { error: error.message });
    sim.log.error({ err: error, path: `/_sim${path}` }, 'admin internal error');
    sendJson(res, 500, { error: 'internal error' });
  }
}

function describeJob(job: Job, now: number) {
  const state = jobState(job, now);
  return { ...job, state, statename: STATE_NAMES[state], jobfailed: jobFields(job, now).jobfailed };
}

/** All jobs, optionally `?kind=diff&asid=1`, with their raw timelines (ms since the epoch). */
function listJobs(sim: Sim, _req: IncomingMessage, _match: string[], rawQuery: string) {
  const { values } = parseQuery(rawQuery);
  const kind = values.get('kind');
  const asid = values.get('asid');
  const now = sim.opts.now();
  const jobs = [...sim.store.jobs.values()]
    .filter((job) => (kind === undefined || job.kind === kind) && (asid === undefined || String(job.asid) === asid))
    .sort((a, b) => a.id - b.id)
    .map((job) => describeJob(job, now));
  return { now, jobs };
}

async function setFaults(sim: Sim, req: IncomingMessage) {
  sim.faults = parseFaultJson(await readJsonObject(req));
  sim.log.info({ faults: faultsToJson(sim.faults) }, 'fault config replaced');
  return faultsToJson(sim.faults);
}

/** Forces a not-yet-terminal job to Completed or Failed now. */
async function finishJob(sim: Sim, req: IncomingMessage, [kind, id, action]: string[]) {
  if (!(JOB_KINDS as readonly string[]).includes(kind ?? '')) {
    throw new AdminError(404, `unknown job kind: ${kind ?? ''} (expected ${JOB_KINDS.join(', ')})`);
  }
  const job = sim.store.jobs.get(Number(id));
  if (!job || job.kind !== kind) throw new AdminError(404, `${kind} job ${id ?? ''} not found`);
  const body = await readJsonObject(req);
  if (body.error !== undefined && typeof body.error !== 'string') throw new AdminError(400, 'error must be a string');
  const now = sim.opts.now();
  const state = jobState(job, now);
  if (isTerminal(state)) throw new AdminError(409, `${kind} job ${job.id} is already ${STATE_NAMES[state]}`);
  const error = typeof body.error === 'string' ? body.error : `${kind} failed: failed by simulator admin`;
  forceTerminal(job, now, action === 'fail' ? 6 : 5, error);
  sim.store.dirty = true;
  sim.settle(now);
  sim.log.info({ kind, id: job.id, action }, 'job forced terminal by admin');
  return describeJob(job, now);
}

/** The access keys accepted now; secrets are never shown. */
function acceptedKeys(sim: Sim) {
  return { accessKeys: sim.credentials.map((credential) => credential.access) };
}

/**
 * Replaces the accepted keys at once, as a key rotation at Clanforge does: `{"credentials":
 * ["access:secret", "access:secret@1001"]}`. Requests with other keys get 401 from then on.
 */
async function setCredentials(sim: Sim, req: IncomingMessage) {
  const { credentials } = await readJsonObject(req);
  if (!Array.isArray(credentials) || credentials.length === 0 || !credentials.every((c) => typeof c === 'string')) {
    throw new AdminError(400, 'credentials must be a non-empty array of "access:secret[@asid,...]" strings');
  }
  sim.credentials = credentials.map(parseCredential);
  const accepted = acceptedKeys(sim);
  sim.log.info(accepted, 'accepted credentials replaced');
  return accepted;
}

function reset(sim: Sim) {
  sim.reset();
  sim.log.info('simulator reset');
  return { ok: true };
}

async function setAllocations(sim: Sim, req: IncomingMessage, [imageid]: string[]) {
  const body = await readJsonObject(req);
  const count = body.count;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw new AdminError(400, 'count must be a non-negative integer');
  }
  const id = Number(imageid);
  if (count === 0) sim.store.allocations.delete(id);
  else sim.store.allocations.set(id, count);
  sim.store.dirty = true;
  return { imageid: id, count };
}
