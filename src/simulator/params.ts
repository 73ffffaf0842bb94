import { invalid } from './envelope';

/** Longest query string we accept; longer ones are answered 414 (hostile or broken clients). */
export const MAX_QUERY_BYTES = 8192;
const MAX_STRING = 1024;

/** A query string too long or badly encoded: answered 400/414 whatever the error mode. */
export class QueryError extends Error {
  constructor(
    readonly status: 400 | 414,
    message: string,
  ) {
    super(message);
  }
}

export interface ParsedQuery {
  values: Map<string, string>;
  duplicates: Set<string>;
  /** Every value of a repeated parameter, in order (multi-value parameters). */
  all?: Map<string, string[]>;
}

/** Splits and decodes `a=1&b=2`; throws QueryError instead of letting URIError escape. */
export function parseQuery(raw: string): ParsedQuery {
  if (raw.length > MAX_QUERY_BYTES) {
    throw new QueryError(414, `query string too long: ${raw.length} bytes (limit ${MAX_QUERY_BYTES})`);
  }
  const values = new Map<string, string>();
  const duplicates = new Set<string>();
  const all = new Map<string, string[]>();
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    all.set(key, [...(all.get(key) ?? []), value]);
    if (values.has(key)) duplicates.add(key);
    else values.set(key, value);
  }
  return { values, duplicates, all };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new QueryError(400, 'malformed query string: bad percent-encoding');
  }
}

const POSITIVE_INT = /^\d{1,16}$/;
const DECIMAL = /^\d{1,16}(\.\d{1,16})?$/;

/** Typed access to query parameters; each failure names the parameter and the rule (DESIGN 18). */
export class Params {
  constructor(private readonly query: ParsedQuery) {}

  raw(name: string): string | undefined {
    if (this.query.duplicates.has(name)) throw invalid(`${name} must be given only once`);
    return this.query.values.get(name);
  }

  /** DESIGN 21: a multi-value parameter, repeated and/or comma-separated; empty items are refused. */
  list(name: string): string[] {
    const items = (this.query.all?.get(name) ?? []).flatMap((value) => value.split(','));
    if (items.some((item) => item.trim() === '')) throw invalid(`${name} must not have empty values`);
    if (items.length > 1000) throw invalid(`${name} takes at most 1000 values`);
    return items.map((item) => item.trim());
  }

  /** A multi-value id parameter; each value a positive integer. */
  idList(name: string): number[] {
    return this.list(name).map((item) => positiveInt(name, item));
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  requiredId(name: string): number {
    const value = this.raw(name);
    if (value === undefined) throw invalid(`missing required parameter: ${name}`);
    return positiveInt(name, value);
  }

  optionalId(name: string): number | undefined {
    const value = this.raw(name);
    return value === undefined ? undefined : positiveInt(name, value);
  }

  requiredBool(name: string): boolean {
    const value = this.raw(name);
    if (value === undefined) throw invalid(`missing required parameter: ${name}`);
    return parseBool(name, value);
  }

  optionalBool(name: string): boolean | undefined {
    const value = this.raw(name);
    return value === undefined ? undefined : parseBool(name, value);
  }

  requiredString(name: string): string {
    const value = this.optionalString(name);
    if (value === undefined) throw invalid(`missing required parameter: ${name}`);
    return value;
  }

  optionalString(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (value.trim() === '') throw invalid(`${name} must not be empty`);
    if (value.length > MAX_STRING) throw invalid(`${name} must be at most ${MAX_STRING} characters`);
    return value;
  }

  /** Integer >= min, for counts and minutes. */
  optionalInt(name: string, min: number, unit = ''): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const n = POSITIVE_INT.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min) throw invalid(`${name} must be an integer >= ${min}${unit}`);
    return n;
  }

  optionalPercentage(name: string): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const n = DECIMAL.test(value) ? Number(value) : NaN;
    if (!(n >= 0 && n <= 100)) throw invalid(`${name} must be between 0.00 and 100.00`);
    return n;
  }

  /** Unix seconds or the literal NOW() (DESIGN 13); undefined when absent or NOW(). */
  optionalInstallAt(name: string): number | undefined {
    const value = this.raw(name);
    if (value === undefined || value.trim().toUpperCase() === 'NOW()') return undefined;
    const n = POSITIVE_INT.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n)) throw invalid(`${name} must be a unix timestamp (integer seconds) or NOW()`);
    return n;
  }
}

export function positiveInt(name: string, value: string): number {
  const n = POSITIVE_INT.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw invalid(`${name} must be a positive integer`);
  return n;
}

function parseBool(name: string, value: string): boolean {
  switch (value.toLowerCase()) {
    case '1':
    case 'true':
      return true;
    case '0':
    case 'false':
      return false;
    default:
      throw invalid(`${name} must be 0 or 1 (or true/false)`);
  }
}
