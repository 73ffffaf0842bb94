import { afterEach, describe, expect, it } from 'vitest';
import { ASID, basic, startTestSim, type TestSim } from './helpers';

let t: TestSim;
afterEach(async () => t.close());

const ENVELOPE_KEYS = ['messages', 'error_code', 'error_message', '_debug', 'success', 'error'];

describe('auth, ASIDs and parameter validation', () => {
  it('answers 401 with the envelope for missing or wrong credentials', async () => {
    t = await startTestSim();
    const missing = await t.get('imagediff/create', { accountserviceid: ASID, imageid: 1, machineid: 2 }, null);
    expect(missing.status).toBe(401);
    expect(Object.keys(missing.body)).toEqual(ENVELOPE_KEYS);
    expect(missing.body).toMatchObject({ error: true, success: false, error_code: 1, messages: [], _debug: [] });
    expect(missing.headers.get('www-authenticate')).toMatch(/^Basic/);
    const wrong = await t.get(
      'imagediff/create',
      { accountserviceid: ASID, imageid: 1, machineid: 2 },
      basic('sim-access', 'nope'),
    );
    expect(wrong.status).toBe(401);
    expect(t.sim.store.jobs.size).toBe(0);
  });

  it('restricts credentials to their ASIDs (200 envelope by default, 403 in http mode)', async () => {
    t = await startTestSim({ credentials: ['a:b@5,6'] });
    const ok = await t.get('imageinstall/status', { accountserviceid: 5 }, basic('a', 'b'));
    expect(ok.body).toEqual({ installs: [] });
    const other = await t.get('imageinstall/status', { accountserviceid: 7 }, basic('a', 'b'));
    expect(other.status).toBe(200);
    expect(other.body.error_message).toBe('accountserviceid 7 is not accessible with these credentials');
    await t.close();
    t = await startTestSim({ credentials: ['a:b@5'], errorStatus: 'http' });
    expect((await t.get('imageinstall/status', { accountserviceid: 7 }, basic('a', 'b'))).status).toBe(403);
  });

  it('hides other ASIDs’ jobs', async () => {
    t = await startTestSim();
    const diff = await t.get('imagediff/create', { accountserviceid: 1, imageid: 10, machineid: 20 });
    const id = diff.body.diffid as number;
    const foreign = await t.get(`imagediff/${id}/status`, { accountserviceid: 2 });
    expect(foreign.body.error_message).toBe(`diffid ${id} not found`);
    // Same image id under another ASID is a different image, not locked.
    expect(
      (await t.get('imagediff/create', { accountserviceid: 2, imageid: 10, machineid: 20 })).body.diffid,
    ).toBeTypeOf('number');
  });

  it('names the missing or bad parameter and the rule', async () => {
    t = await startTestSim();
    const cases: [string, Record<string, string | number>, string][] = [
      ['imagediff/create', { imageid: 1, machineid: 2 }, 'missing required parameter: accountserviceid'],
      ['imagediff/create', { accountserviceid: 1, machineid: 2 }, 'missing required parameter: imageid'],
      ['imagediff/create', { accountserviceid: 1, imageid: 'abc', machineid: 2 }, 'imageid must be a positive integer'],
      ['imagediff/create', { accountserviceid: 1, imageid: 0, machineid: 2 }, 'imageid must be a positive integer'],
      [
        'imagediff/create',
        { accountserviceid: 'x', imageid: 1, machineid: 2 },
        'accountserviceid must be a positive integer',
      ],
      ['imagediff/nope/status', { accountserviceid: 1 }, 'diffid must be a positive integer'],
      ['imagediff/5/status', { accountserviceid: 1, diff_info: 'yes' }, 'diff_info must be 0 or 1 (or true/false)'],
      ['imageversion/create', { accountserviceid: 1, diffid: 5 }, 'missing required parameter: restart'],
      ['imageversion/create', { accountserviceid: 1, diffid: 5, restart: 2 }, 'restart must be 0 or 1 (or true/false)'],
      [
        'imageversion/create',
        { accountserviceid: 1, diffid: 5, restart: 0, disable_timeout: 5, disable_percentage: 101 },
        'disable_percentage must be between 0.00 and 100.00',
      ],
      [
        'imageversion/create',
        { accountserviceid: 1, diffid: 5, restart: 0, install_at: 'tomorrow' },
        'install_at must be a unix timestamp (integer seconds) or NOW()',
      ],
      [
        'imageupdate/create',
        { accountserviceid: 1, imageid: 1, machineid: 2, desc: 'x' },
        'missing required parameter: url',
      ],
      [
        'imageupdate/create',
        { accountserviceid: 1, imageid: 1, machineid: 2, desc: 'x', url: 'notaurl' },
        'url must be an absolute URL (e.g. https://, s3://, gs://, steam://)',
      ],
      ['imageinstall/5/queue', { accountserviceid: 1 }, 'missing required parameter: mirroring'],
      ['imageinstall/5/queue', { accountserviceid: 1, mirroring: 'false' }, 'jobid 5 not found'],
      ['v2/project/0/image/1/status', {}, 'accountserviceid must be a positive integer'],
    ];
    for (const [path, params, message] of cases) {
      const reply = await t.get(path.startsWith('v2/') ? `../${path}` : path, params);
      expect({ path, status: reply.status, message: reply.body.error_message }).toEqual({ path, status: 200, message });
    }
    const dup = await t.get('imagediff/create?accountserviceid=1&accountserviceid=2', {});
    expect(dup.body.error_message).toBe('accountserviceid must be given only once');
  });

  it('maps business errors to 400/404 in http mode', async () => {
    t = await startTestSim({ errorStatus: 'http' });
    expect((await t.get('imagediff/create', { accountserviceid: 1 })).status).toBe(400);
    expect((await t.get('imagediff/99/status', { accountserviceid: 1 })).status).toBe(404);
  });

  it('404 for unknown paths, 405 for other methods', async () => {
    t = await startTestSim();
    const unknown = await t.get('imagediff/12/accept', { accountserviceid: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe(true);
    expect((await fetch(`${t.sim.origin}/`)).status).toBe(404);
    const post = await fetch(`${t.sim.url}/imagediff/create?accountserviceid=1`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('answers 500 with the envelope on an internal exception and keeps serving', async () => {
    t = await startTestSim();
    const original = t.sim.store.lockMessage.bind(t.sim.store);
    t.sim.store.lockMessage = () => {
      throw new Error('boom');
    };
    const broken = await t.get('imagediff/create', { accountserviceid: 1, imageid: 1, machineid: 2 });
    expect(broken.status).toBe(500);
    expect(broken.body).toMatchObject({ error: true, error_message: 'internal server error' });
    t.sim.store.lockMessage = original;
    expect((await t.get('imagediff/create', { accountserviceid: 1, imageid: 1, machineid: 2 })).body.diffid).toBeTypeOf(
      'number',
    );
  });
});
