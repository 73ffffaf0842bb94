import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTH, startTestSim, type TestSim } from './helpers';

let t: TestSim;
afterEach(async () => t.close());

async function raw(path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${t.sim.origin}${path}`, { headers: { Authorization: AUTH } });
  return { status: response.status, body: await response.text() };
}

/** Sends bytes on a raw socket and returns whatever comes back. */
function sendRaw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(bytes));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('close', () => resolve(data));
    socket.on('error', () => resolve(data));
  });
}

async function stillServing(): Promise<void> {
  const reply = await t.get('imageinstall/status', { accountserviceid: 1 });
  expect(reply.body).toEqual({ installs: [] });
}

describe('hostile requests', () => {
  it('answers 4xx envelopes and keeps serving', async () => {
    t = await startTestSim();
    const long = await raw(`/cfp/v1/imageinstall/status?accountserviceid=1&pad=${'a'.repeat(9000)}`);
    expect(long.status).toBe(414);
    expect(JSON.parse(long.body)).toMatchObject({
      error: true,
      error_message: expect.stringMatching(/query string too long/) as string,
    });
    expect((await raw('/cfp/v1/imageinstall/status?accountserviceid=%ZZ')).status).toBe(400);
    expect((await raw('/cfp/v1/imageinstall/status?accountserviceid=%C0%AF')).status).toBe(400);
    expect((await raw('/cfp/v1/imageinstall/status?%=1')).status).toBe(400);
    const huge = await raw('/cfp/v1/imagediff/99999999999999999999999/status?accountserviceid=1');
    expect(JSON.parse(huge.body).error_message).toBe('diffid must be a positive integer');
    const nul = await raw('/cfp/v1/imageupdate/create?accountserviceid=1&imageid=1&machineid=1&desc=%00&url=%00');
    expect(JSON.parse(nul.body).error_message).toMatch(/^url must be an absolute URL/);
    const dots = await raw('/cfp/v1/../../etc/passwd');
    expect(dots.status).toBe(404);
    const veryLong = await raw(`/cfp/v1/imagediff/create?x=${'b'.repeat(20000)}`);
    expect([414, 431]).toContain(veryLong.status);
    await stillServing();
  });

  it('survives garbage on the socket', async () => {
    t = await startTestSim();
    const garbage = await sendRaw(t.sim.port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
    await sendRaw(
      t.sim.port,
      'GET /cfp/v1/imageinstall/status?accountserviceid=1 HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
    );
    await sendRaw(t.sim.port, 'GET http://evil/cfp/v1/x HTTP/1.1\r\nHost: x\r\n\r\n');
    const target = await sendRaw(t.sim.port, 'GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(target).toMatch(/^HTTP\/1\.1 400/);
    await stillServing();
  });
});
