import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server';
import { ACCESS, SECRET, startTestSimulator } from '../support/simulator';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim?.close());

/** A raw request: the path goes out exactly as generated, not normalised by fetch. */
function rawGet(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: sim.port, path, method: 'GET', auth: `${ACCESS}:${SECRET}` },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const ENDPOINTS = [
  'imagediff/create',
  'imagediff/12/status',
  'imageversion/create',
  'imageinstall/status',
  'imageinstall/5/queue',
  'imageupdate/create',
  'imagediff/1/reject',
];
const hostileValue = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    '%',
    '%zz',
    '%00',
    '%ff%fe',
    '-1',
    '1e999',
    '0x10',
    'NaN',
    '9'.repeat(400),
    '[]',
    '{"a":1}',
    '../../etc/passwd',
    "1' OR '1'='1",
  ),
  fc.nat({ max: 20_000 }).map((n) => 'a'.repeat(n)),
);

describe('simulator under hostile query strings', () => {
  it('answers 4xx or a business error, never a 5xx or a crash', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS),
        fc.array(fc.tuple(fc.string({ maxLength: 20 }), hostileValue), { maxLength: 6 }),
        async (endpoint, pairs) => {
          const query = pairs
            .map(
              ([k, v]) =>
                `${encodeURIComponent(k)}=${/%/.test(v) ? v.replace(/[^\x21-\x7e]/g, '') : encodeURIComponent(v)}`,
            )
            .join('&');
          const status = await rawGet(`/cfp/v1/${endpoint}?${query}`);
          expect(status).toBeGreaterThanOrEqual(200);
          expect(status).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
    // Still alive and serving.
    expect(await rawGet('/cfp/v1/imageinstall/status?accountserviceid=1')).toBe(200);
  });
});
