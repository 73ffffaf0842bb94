import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/server';
import type { Job } from '../../src/simulator/jobs';

export const AUTH = 'Basic ' + Buffer.from('sim-access:sim-secret').toString('base64');

export function basic(access: string, secret: string): string {
  return 'Basic ' + Buffer.from(`${access}:${secret}`).toString('base64');
}

/** A clock the test moves by hand. */
export class FakeClock {
  t = Date.UTC(2026, 0, 1, 12, 0, 0);
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // Tests read whatever fields they expect; a wrong field fails the assertion anyway.
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface TestSim {
  sim: RunningSimulator;
  clock: FakeClock;
  /** GET `${url}/${path}` with query params and (by default) valid credentials. */
  get(path: string, params?: Record<string, string | number>, authorization?: string | null): Promise<Reply>;
  /** Any method on `${origin}/cfp/${path}` (v1 or v2) with query params and a raw or JSON body. */
  call(
    method: string,
    path: string,
    options?: {
      params?: Record<string, string | number | (string | number)[]>;
      body?: unknown;
      authorization?: string | null;
    },
  ): Promise<Reply>;
  /** Admin call under /_sim/. */
  admin(method: string, path: string, body?: unknown): Promise<Reply>;
  job(id: number): Job;
  close(): Promise<void>;
}

async function toReply(response: Response): Promise<Reply> {
  const text = await response.text();
  let body: Reply['body'] = {};
  try {
    body = JSON.parse(text) as Reply['body'];
  } catch {
    // malformed bodies are checked through `text`
  }
  return { status: response.status, headers: response.headers, text, body };
}

export async function startTestSim(options: SimulatorOptions = {}): Promise<TestSim> {
  const clock = new FakeClock();
  const sim = await startSimulator({ port: 0, now: clock.now, logLevel: 'silent', ...options });
  return {
    sim,
    clock,
    async get(path, params = {}, authorization = AUTH) {
      const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
      const headers: Record<string, string> = authorization === null ? {} : { Authorization: authorization };
      const qs = query.toString();
      return toReply(await fetch(`${sim.url}/${path}${qs ? `?${qs}` : ''}`, { headers }));
    },
    async call(method, path, { params = {}, body, authorization = AUTH } = {}) {
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) for (const item of [v].flat()) query.append(k, String(item));
      const headers: Record<string, string> = authorization === null ? {} : { Authorization: authorization };
      const init: RequestInit = { method, headers };
      if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
      const qs = query.toString();
      return toReply(await fetch(`${sim.origin}/cfp/${path}${qs ? `?${qs}` : ''}`, init));
    },
    async admin(method, path, body) {
      const init: RequestInit = { method };
      if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
      return toReply(await fetch(`${sim.origin}/_sim/${path}`, init));
    },
    job(id) {
      const job = sim.store.jobs.get(id);
      if (!job) throw new Error(`no job ${id}`);
      return job;
    },
    close: () => sim.close(),
  };
}

/** Moves the clock just past the job's current attempt end. */
export function finish(t: TestSim, id: number): void {
  t.clock.t = Math.max(t.clock.t, t.job(id).timeline.endAt + 1);
}

export const ASID = 1;

/** Creates a diff on image 10 / machine 20 and lets it complete. */
export async function completedDiff(t: TestSim, imageid = 10): Promise<number> {
  const created = await t.get('imagediff/create', { accountserviceid: ASID, imageid, machineid: 20 });
  const diffid = created.body.diffid as number;
  if (typeof diffid !== 'number') throw new Error(`diff create failed: ${created.text}`);
  finish(t, diffid);
  return diffid;
}
