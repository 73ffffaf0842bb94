import { JOB_KINDS, type JobKind } from './jobs';

/**
 * Fault-injection config: parsed from `--faults key=value,...` or from the JSON body of
 * POST /_sim/faults (same keys). Every probability is a fraction 0..1.
 */
export interface FaultConfig {
  http5xx: number;
  rate429: number;
  retryAfter: number;
  latencyMs: number;
  hang: number;
  hangMs: number;
  malformed: number;
  lostResponse: number;
  emptyDiff: number;
  /** Reported eta is off by this fraction of the run time (0.5 = 50 % late, -0.5 = 50 % early). */
  etaSkew: number;
  fail: Partial<Record<JobKind, number>>;
  failFirst: Partial<Record<JobKind, number>>;
  /** Probability that an attempt stops moving once Running: it ends only through /_sim/jobs (a job stuck at Clanforge). */
  stall: Partial<Record<JobKind, number>>;
  /** Servers on these profiles fail to start (`--fleets`); retried until the profile leaves the list. */
  unhealthyProfiles: number[];
}

export function defaultFaults(): FaultConfig {
  return {
    http5xx: 0,
    rate429: 0,
    retryAfter: 1,
    latencyMs: 0,
    hang: 0,
    hangMs: 60000,
    malformed: 0,
    lostResponse: 0,
    emptyDiff: 0,
    etaSkew: 0,
    fail: {},
    failFirst: {},
    stall: {},
    unhealthyProfiles: [],
  };
}

export class FaultSpecError extends Error {}

type PerKind = 'fail' | 'failFirst' | 'stall';
type Scalar = Exclude<keyof FaultConfig, PerKind | 'unhealthyProfiles'>;
const PER_KIND: readonly string[] = ['fail', 'failFirst', 'stall'] satisfies PerKind[];
const PROBABILITIES: readonly Scalar[] = ['http5xx', 'rate429', 'hang', 'malformed', 'lostResponse', 'emptyDiff'];
const COUNTS: readonly Scalar[] = ['retryAfter', 'latencyMs', 'hangMs'];
const ALL_KEYS = [
  ...PROBABILITIES,
  ...COUNTS,
  'etaSkew',
  'fail.<kind>',
  'failFirst.<kind>',
  'stall.<kind>',
  'unhealthyProfiles',
].join(', ');

/** `http5xx=0.1,rate429=0.05,retryAfter=2,fail.diff=0.5,failFirst.install=1,stall.update=1` */
export function parseFaultSpec(spec: string): FaultConfig {
  const entries: [string, unknown][] = [];
  for (const part of spec.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq < 0) throw new FaultSpecError(`fault spec item "${item}" must be key=value`);
    entries.push([item.slice(0, eq).trim(), item.slice(eq + 1).trim()]);
  }
  return buildFaults(entries);
}

/**
 * JSON form: flat keys as in the spec (`{"fail.diff": 0.5}`), nested kinds
 * (`{"fail": {"diff": 0.5}}`), or `{"spec": "..."}` / a bare spec string.
 */
export function parseFaultJson(body: unknown): FaultConfig {
  if (typeof body === 'string') return parseFaultSpec(body);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new FaultSpecError('fault config must be a JSON object');
  }
  const record = body as Record<string, unknown>;
  if (typeof record.spec === 'string' && Object.keys(record).length === 1) return parseFaultSpec(record.spec);
  const entries: [string, unknown][] = [];
  for (const [key, value] of Object.entries(record)) {
    if (PER_KIND.includes(key) && typeof value === 'object' && value !== null) {
      for (const [kind, v] of Object.entries(value)) entries.push([`${key}.${kind}`, v]);
    } else {
      entries.push([key, value]);
    }
  }
  return buildFaults(entries);
}

function buildFaults(entries: [string, unknown][]): FaultConfig {
  const config = defaultFaults();
  for (const [key, value] of entries) {
    const dot = key.indexOf('.');
    if (dot >= 0) {
      const group = key.slice(0, dot);
      const kind = key.slice(dot + 1);
      if (!PER_KIND.includes(group)) throw new FaultSpecError(`unknown fault key: ${key} (known: ${ALL_KEYS})`);
      if (!isKind(kind))
        throw new FaultSpecError(`unknown job kind in ${key} (expected one of ${JOB_KINDS.join(', ')})`);
      if (group === 'failFirst') config.failFirst[kind] = count(key, value);
      else config[group as 'fail' | 'stall'][kind] = probability(key, value);
    } else if ((PROBABILITIES as readonly string[]).includes(key)) {
      config[key as Scalar] = probability(key, value);
    } else if ((COUNTS as readonly string[]).includes(key)) {
      config[key as Scalar] = count(key, value);
    } else if (key === 'unhealthyProfiles') {
      config.unhealthyProfiles = profileIds(value);
    } else if (key === 'etaSkew') {
      const n = toNumber(value);
      if (!(n > -1 && n <= 10))
        throw new FaultSpecError(
          `fault etaSkew must be a fraction above -1 and at most 10, got ${JSON.stringify(value)}`,
        );
      config.etaSkew = n;
    } else {
      throw new FaultSpecError(`unknown fault key: ${key} (known: ${ALL_KEYS})`);
    }
  }
  return config;
}

/** `[502, 503]` in JSON, `502/503` in a spec (a comma separates spec items). */
function profileIds(value: unknown): number[] {
  const items = typeof value === 'string' ? value.split('/').filter((v) => v.trim() !== '') : value;
  const ids = Array.isArray(items) ? items.map(toNumber) : [NaN];
  if (!ids.every((id) => Number.isSafeInteger(id) && id > 0))
    throw new FaultSpecError(
      `fault unhealthyProfiles must be a list of profile ids ([502, 503] or 502/503), got ${JSON.stringify(value)}`,
    );
  return ids;
}

function isKind(kind: string): kind is JobKind {
  return (JOB_KINDS as readonly string[]).includes(kind);
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return NaN;
}

function probability(key: string, value: unknown): number {
  const n = toNumber(value);
  if (!(n >= 0 && n <= 1))
    throw new FaultSpecError(`fault ${key} must be a probability between 0 and 1, got ${JSON.stringify(value)}`);
  return n;
}

function count(key: string, value: unknown): number {
  const n = toNumber(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new FaultSpecError(`fault ${key} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return n;
}

/** Flat JSON view with the same keys as the spec (what POST/GET /_sim/faults return). */
export function faultsToJson(config: FaultConfig): Record<string, number | number[]> {
  const out: Record<string, number | number[]> = {};
  for (const key of [...PROBABILITIES, ...COUNTS]) out[key] = config[key];
  out.etaSkew = config.etaSkew;
  for (const [kind, p] of Object.entries(config.fail)) out[`fail.${kind}`] = p;
  for (const [kind, n] of Object.entries(config.failFirst)) out[`failFirst.${kind}`] = n;
  for (const [kind, p] of Object.entries(config.stall)) out[`stall.${kind}`] = p;
  if (config.unhealthyProfiles.length > 0) out.unhealthyProfiles = config.unhealthyProfiles;
  return out;
}
