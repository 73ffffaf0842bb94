import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../support/wait';

// The simulator as users run it: its CLI in its own process, answering plain HTTP (curl-style).
let child: ChildProcess;
let base = '';
const auth = { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` };

beforeAll(async () => {
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve(__dirname, '../../src/simulator/main.ts'),
      '--port',
      '0',
      '--credentials',
      'a:b',
      '--speed',
      '600',
      '--log-level',
      'silent',
    ],
    {
      cwd: resolve(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  base = await new Promise<string>((ready, fail) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+\/cfp\/v1)/.exec(out);
      if (match?.[1]) ready(match[1]);
    });
    child.once('exit', (code) => fail(new Error(`simulator exited with ${code}: ${out}`)));
  });
});
afterAll(() => {
  child?.kill('SIGTERM');
});

async function get(
  path: string,
  headers: Record<string, string> = auth,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}/${path}`, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('npm run simulator', () => {
  it('answers a diff create and its status with the documented fields, up to Completed 100%', async () => {
    const created = await get('imagediff/create?accountserviceid=1&imageid=2&machineid=3');
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ success: true, jobstateid: 1, jobstatename: 'Created', jobprogress: 0 });
    for (const field of ['diffid', 'jobcreated', 'jobupdated', 'jobfailed']) expect(created.body).toHaveProperty(field);
    const diffid = created.body.diffid as number;
    let status: Record<string, unknown> = {};
    const deadline = Date.now() + 15_000;
    while (status.jobstateid !== 5 && Date.now() < deadline) {
      await sleep(200);
      status = (await get(`imagediff/${diffid}/status?accountserviceid=1`)).body;
    }
    expect(status).toMatchObject({ diffid, jobstateid: 5, jobstatename: 'Completed', jobprogress: 100, success: true });
    expect(typeof status.jobstart).toBe('string');
    for (const map of ['added', 'modified', 'removed']) expect(typeof status[map]).toBe('object');
  });

  it('answers 401 without credentials', async () => {
    const { status, body } = await get('imagediff/create?accountserviceid=1&imageid=2&machineid=3', {});
    expect(status).toBe(401);
    expect(body).toMatchObject({ success: false, error: true });
  });

  it('names accountserviceid when it is missing', async () => {
    const { body } = await get('imageinstall/status');
    expect(body).toMatchObject({ error: true, success: false });
    expect(body.error_message).toMatch(/accountserviceid/);
  });
});
