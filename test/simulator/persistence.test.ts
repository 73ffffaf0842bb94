import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/server';
import { AUTH, FakeClock } from './helpers';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clanforge-sim-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function get(url: string): Promise<Record<string, unknown>> {
  return (await (await fetch(url, { headers: { Authorization: AUTH } })).json()) as Record<string, unknown>;
}

describe('--state-file', () => {
  it('survives a restart: jobs, ids and locks carry on by wall clock', async () => {
    const stateFile = path.join(dir, 'nested', 'sim.json');
    const clock = new FakeClock();
    const first = await startSimulator({ port: 0, now: clock.now, logLevel: 'silent', stateFile });
    const created = await get(`${first.url}/imagediff/create?accountserviceid=1&imageid=10&machineid=20`);
    const diffid = created.diffid as number;
    const timeline = first.store.jobs.get(diffid)?.timeline;
    await first.close();
    expect(fs.existsSync(stateFile)).toBe(true);
    expect(fs.readdirSync(path.dirname(stateFile))).toEqual(['sim.json']); // no temp files left

    clock.t = (timeline?.runningAt ?? 0) + 1000;
    const second = await startSimulator({ port: 0, now: clock.now, logLevel: 'silent', stateFile });
    try {
      const running = await get(`${second.url}/imagediff/${diffid}/status?accountserviceid=1`);
      expect(running).toMatchObject({ diffid, jobstateid: 4, jobcreated: created.jobcreated });
      const locked = await get(`${second.url}/imagediff/create?accountserviceid=1&imageid=10&machineid=20`);
      expect(locked.error_message).toBe(`image locked by diffid: ${diffid}`);
      clock.t = (timeline?.endAt ?? 0) + 1;
      expect(await get(`${second.url}/imagediff/${diffid}/status?accountserviceid=1`)).toMatchObject({
        jobstateid: 5,
        jobprogress: 100,
      });
      const other = await get(`${second.url}/imagediff/create?accountserviceid=1&imageid=11&machineid=20`);
      expect(other.diffid).toBeGreaterThan(diffid);
    } finally {
      await second.close();
    }
  });

  it('refuses to start on a corrupt state file', async () => {
    const stateFile = path.join(dir, 'bad.json');
    fs.writeFileSync(stateFile, '{"format": 1, "jobs": [');
    await expect(startSimulator({ port: 0, logLevel: 'silent', stateFile })).rejects.toThrow(/not valid JSON/);
  });
});
