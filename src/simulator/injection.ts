import type { IncomingMessage, ServerResponse } from 'node:http';
import { envelope } from './envelope';
import type { FaultConfig } from './faults';
import { sendJson, sendText } from './http-util';
import type { Rng } from './random';

export interface FaultDecision {
  latencyMs: number;
  hang: boolean;
  status5xx: 500 | 502 | 503 | null;
  rate429: boolean;
  /** Create endpoints only: perform the action, then drop the connection. */
  lost: boolean;
  malformed: boolean;
}

/** One roll per fault type per request, in a fixed order, so a seed replays the same faults. */
export function rollFaults(config: FaultConfig, rng: Rng, mutates: boolean): FaultDecision {
  const hang = rng.chance(config.hang);
  const http5xx = rng.chance(config.http5xx);
  const status5xx = http5xx ? rng.pick([500, 502, 503] as const) : null;
  const rate429 = rng.chance(config.rate429);
  const lost = mutates && rng.chance(config.lostResponse);
  const malformed = rng.chance(config.malformed);
  return { latencyMs: config.latencyMs, hang, status5xx, rate429, lost, malformed };
}

const BAD_GATEWAY =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>\n';

/** Bodies shaped like what sits in front of a real API: JSON from the app, HTML from the gateway. */
export function send5xx(res: ServerResponse, status: 500 | 502 | 503, retryAfter: number): void {
  if (status === 502) return sendText(res, 502, BAD_GATEWAY, 'text/html');
  if (status === 503) {
    return sendJson(res, 503, envelope('service temporarily unavailable, please retry later'), {
      'Retry-After': String(retryAfter),
    });
  }
  sendJson(res, 500, envelope('internal server error'));
}

export function send429(res: ServerResponse, retryAfter: number): void {
  sendJson(res, 429, envelope('rate limit exceeded, retry later'), { 'Retry-After': String(retryAfter) });
}

/** HTTP 200 whose JSON is cut off halfway. */
export function sendMalformed(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  sendText(res, 200, text.slice(0, Math.max(1, Math.floor(text.length / 2))), 'application/json; charset=utf-8');
}

/** Tracks sockets of never-answered requests so they are dropped after hangMs or on close. */
export class Hangs {
  private timers = new Set<NodeJS.Timeout>();
  private sockets = new Set<IncomingMessage['socket']>();

  hold(req: IncomingMessage, hangMs: number): void {
    const socket = req.socket;
    this.sockets.add(socket);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.sockets.delete(socket);
      socket.destroy();
    }, hangMs);
    timer.unref();
    this.timers.add(timer);
    socket.once('close', () => {
      clearTimeout(timer);
      this.timers.delete(timer);
      this.sockets.delete(socket);
    });
  }

  releaseAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    this.timers.clear();
    this.sockets.clear();
  }
}
