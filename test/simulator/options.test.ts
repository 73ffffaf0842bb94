import { describe, expect, it } from 'vitest';
import { faultsToJson, parseFaultJson, parseFaultSpec } from '../../src/simulator/faults';
import { parseCliArgs, parseCredential, resolveOptions, USAGE } from '../../src/simulator/options';
import { Rng } from '../../src/simulator/random';

describe('fault SPEC', () => {
  it('parses every key', () => {
    const config = parseFaultSpec(
      'http5xx=0.1,rate429=0.2,retryAfter=3,latencyMs=5,hang=0.01,hangMs=100,malformed=0.3,lostResponse=0.4,emptyDiff=0.5,etaSkew=-0.5,fail.diff=0.6,failFirst.install=2,stall.version=0.7',
    );
    expect(faultsToJson(config)).toEqual({
      http5xx: 0.1,
      rate429: 0.2,
      hang: 0.01,
      malformed: 0.3,
      lostResponse: 0.4,
      emptyDiff: 0.5,
      retryAfter: 3,
      latencyMs: 5,
      hangMs: 100,
      etaSkew: -0.5,
      'fail.diff': 0.6,
      'failFirst.install': 2,
      'stall.version': 0.7,
    });
  });

  it('names the bad key', () => {
    expect(() => parseFaultSpec('http5xx=2')).toThrow(/http5xx/);
    expect(() => parseFaultSpec('bogus=1')).toThrow(/unknown fault key: bogus/);
    expect(() => parseFaultSpec('fail.deploy=0.5')).toThrow(/fail\.deploy/);
    expect(() => parseFaultSpec('failFirst.diff=-1')).toThrow(/failFirst\.diff/);
    expect(() => parseFaultSpec('etaSkew=-1')).toThrow(/etaSkew/);
    expect(() => parseFaultSpec('stall.diff=2')).toThrow(/stall\.diff must be a probability/);
    expect(() => parseFaultSpec('latencyMs')).toThrow(/latencyMs/);
  });

  it('accepts JSON with flat or nested kinds, or a spec string', () => {
    expect(parseFaultJson({ 'fail.diff': 1, failFirst: { version: 1 } })).toMatchObject({
      fail: { diff: 1 },
      failFirst: { version: 1 },
    });
    expect(parseFaultJson({ spec: 'rate429=1' }).rate429).toBe(1);
    expect(() => parseFaultJson({ hang: 'x' })).toThrow(/hang/);
  });
});

describe('options', () => {
  it('parses credentials with an ASID restriction', () => {
    expect(parseCredential('a:b@1001,1002')).toEqual({ access: 'a', secret: 'b', asids: [1001, 1002] });
    expect(parseCredential('a:b:c')).toEqual({ access: 'a', secret: 'b:c', asids: null });
    expect(() => parseCredential('nocolon')).toThrow(/--credentials/);
  });

  it('maps CLI flags onto options and applies defaults', () => {
    const cli = parseCliArgs([
      '--port',
      '0',
      '--credentials',
      'a:b',
      '--credentials',
      'c:d@5',
      '--speed',
      '600',
      '--lenient-restart',
      '--error-status',
      'http',
    ]);
    const opts = resolveOptions(cli);
    expect(opts).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      speed: 600,
      seed: 1,
      fleet: 4,
      mirrors: 1,
      errorStatus: 'http',
      lenientRestart: true,
    });
    expect(opts.credentials).toHaveLength(2);
    expect(resolveOptions({}).credentials).toEqual([{ access: 'sim-access', secret: 'sim-secret', asids: null }]);
    expect(resolveOptions({}).port).toBe(8780);
  });

  it('rejects bad flags with the flag name', () => {
    expect(() => parseCliArgs(['--speed', 'fast'])).toThrow(/--speed/);
    expect(() => resolveOptions({ speed: 0 })).toThrow(/--speed/);
    expect(() => resolveOptions({ faults: 'nope=1' })).toThrow(/--faults: unknown fault key: nope/);
    expect(() => parseCliArgs(['--bogus'])).toThrow(/bogus/);
  });

  it('maps games and strict images', () => {
    const opts = resolveOptions(parseCliArgs(['--game', '10=77', '--game', '11=78', '--strict-images']));
    expect([...opts.games]).toEqual([
      [10, 77],
      [11, 78],
    ]);
    expect(opts.strictImages).toBe(true);
    expect(resolveOptions({}).games.size).toBe(0);
    expect(() => parseCliArgs(['--game', '10'])).toThrow(/--game must look like IMAGEID=GAMEID/);
    expect(() => resolveOptions({ games: { 10: 0 } })).toThrow(/--game/);
  });

  it('maps --progress and --failed-installs, defaults to what the docs suggest, and names a bad value', () => {
    const opts = resolveOptions(parseCliArgs(['--progress', 'zero', '--failed-installs', 'unlisted']));
    expect(opts).toMatchObject({ progress: 'zero', failedInstalls: 'unlisted' });
    expect(resolveOptions({})).toMatchObject({ progress: 'real', failedInstalls: 'listed' });
    expect(() => resolveOptions(parseCliArgs(['--progress', 'none']))).toThrow('--progress must be real or zero');
    expect(() => resolveOptions(parseCliArgs(['--failed-installs', 'gone']))).toThrow(
      '--failed-installs must be listed or unlisted',
    );
    expect(USAGE).toMatch(/--progress real\|zero/);
    expect(USAGE).toMatch(/--failed-installs listed\|unlisted/);
  });
});

describe('seeded PRNG', () => {
  it('repeats for the same seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
