import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { ClanforgeClient } from '../../src/clanforge/client';
import { ClanforgeCredentials } from '../../src/clanforge/credentials';
import type { RunningSimulator } from '../../src/simulator/server';
import { checkClanforgeCredentials } from '../../src/service/credentialCheck';
import { freePort } from '../../src/temporal/freePort';
import { ACCESS, SECRET, startTestSimulator } from '../support/simulator';
import { startWorkerProcess } from '../../src/dev/workerProcess';
import { waitFor } from '../support/wait';

// The worker checks its Clanforge credentials once at start and says so in one log line, instead
// of every rollout finding out later; it never throws and keeps running whatever the answer.
let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function capture() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) },
  );
  return { logger, lines };
}

const client = (baseUrl: string, secret = SECRET) =>
  new ClanforgeClient({
    baseUrl,
    credentials: new ClanforgeCredentials(ACCESS, secret),
    timeoutMs: 2_000,
    maxSockets: 2,
  });

describe('the worker checks its Clanforge credentials at start', () => {
  it('credentials the API rejects: one error line saying so (HTTP 401), no secret in it', async () => {
    sim = await startTestSimulator({ credentials: ['someone-else:their-secret'] });
    const { logger, lines } = capture();
    expect(await checkClanforgeCredentials(client(sim.url), logger)).toBe('rejected');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: 'clanforge credentials rejected (HTTP 401): this worker takes no Clanforge work until they are accepted',
    });
    expect(JSON.stringify(lines)).not.toContain(SECRET);
  });

  it('credentials the API accepts: one info line', async () => {
    sim = await startTestSimulator();
    const { logger, lines } = capture();
    expect(await checkClanforgeCredentials(client(sim.url), logger)).toBe('ok');
    expect(lines).toEqual([expect.objectContaining({ level: 30, msg: 'clanforge credentials ok' })]);
  });

  it('credentials limited to other accounts (403 for the probe account in http error mode) are accepted credentials', async () => {
    sim = await startTestSimulator({ credentials: [`${ACCESS}:${SECRET}@5001`], errorStatus: 'http' });
    const { logger, lines } = capture();
    expect(await checkClanforgeCredentials(client(sim.url), logger)).toBe('ok');
    expect(lines).toEqual([expect.objectContaining({ msg: 'clanforge credentials ok' })]);
  });

  it('Clanforge refusing the connection: one warning, no throw', async () => {
    const { logger, lines } = capture();
    expect(await checkClanforgeCredentials(client(`http://127.0.0.1:${await freePort()}/cfp/v1`), logger)).toBe(
      'unknown',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40 });
    expect(lines[0]?.msg).toMatch(/^clanforge credentials not checked: /);
  });

  it('Clanforge accepting but never answering: the client timeout ends the check with one warning', async () => {
    sim = await startTestSimulator({ faults: 'hang=1,hangMs=600000' });
    const { logger, lines } = capture();
    // The simulator holds the request for 10 minutes: only the client's own 2 s timeout can end it.
    expect(await checkClanforgeCredentials(client(sim.url), logger)).toBe('unknown');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40 });
    expect(lines[0]?.msg).toMatch(/^clanforge credentials not checked: /);
  });

  it(
    'the worker process runs the check at start and keeps running after a rejection',
    { timeout: 60_000 },
    async () => {
      sim = await startTestSimulator({ credentials: ['someone-else:their-secret'] });
      const worker = await startWorkerProcess(resolve(__dirname, '../../src/worker.ts'), {
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_TASK_QUEUE: `credentials-${randomUUID()}`,
        CLANFORGE_BASE_URL: sim.url,
        CLANFORGE_ACCESS_KEY: ACCESS,
        CLANFORGE_SECRET_KEY: SECRET,
        LOG_LEVEL: 'info',
      });
      try {
        await waitFor(
          () => worker.output(),
          (output) => output.includes('clanforge credentials'),
          { what: 'the credential check in the worker log', timeoutMs: 10_000 },
        );
        expect(worker.output()).toContain(
          'clanforge credentials rejected (HTTP 401): this worker takes no Clanforge work until they are accepted',
        );
        expect(worker.child.exitCode).toBeNull();
      } finally {
        await worker.stop();
      }
    },
  );
});
