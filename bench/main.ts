// `npm run bench -- [--json FILE] [--quick] [--only SCENARIO]`: our service against the naive fixed-interval poller,
// on loopback (dev server, simulator, worker process), printing a table and writing JSON.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DevServer } from '../src/temporal/devServer';
import { freePort } from '../src/temporal/freePort';
import { runCutover, type CutoverBenchResult, type CutoverScenario } from './cutover';
import { runFreeze, type FreezeBenchResult } from './freeze';
import { runParked, type ParkedResult } from './parked';
import { runRelease, type ReleaseBenchResult, type ReleaseScenario } from './release';
import { runScenario, type Scenario, type ScenarioResult, type TemporalUnderTest } from './scenario';
import { COLUMNS, CUTOVER_COLUMNS, FREEZE_COLUMNS, PARKED_COLUMNS, RELEASE_COLUMNS } from './columns';

const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    skip: { type: 'string' },
    cold: { type: 'boolean', default: false },
  },
});
const quick = values.quick === true;
// --cold: no scenario gets a warm-up rollout (a new worker's first rollout, measured).
const warm = values.cold !== true;

// Realistic jobs (diff 5 min, version 15 min, installs 8 min) at `speed`× real time. Clanforge's
// timestamps are whole seconds: at speed 60 a 5 min diff lasts 5 s and an eta's second is a fifth
// of it, already more than the follower's own cost; faster, the second is all one measures. So
// single rollouts are judged at 60 in both runs, and only scenarios judged against their own
// critical path (the release) or not timed at all (parked) run faster in --quick.
const BASE_SPEED = 60;
const FAST_SPEED = quick ? 150 : 60;
const LONG_FACTOR = quick ? 4 : 60;
const MANY = quick ? 100 : 1000;
// Many rollouts at once at BASE_SPEED would squeeze half an hour of their work into 30 s: a CPU
// test of the dev server, not of polling. At MANY_SPEED their jobs still run 10× faster than real.
const MANY_SPEED = quick ? 30 : 10;
const PARKED = quick ? 500 : 10_000;
const PARKED_IDLE_MS = quick ? 20_000 : 60_000;
const base = { speed: BASE_SPEED, fleet: 4 };
// Run one after another on one dev server.
// --quick keeps every kind, smaller: its `concurrent-100` is the full run's `concurrent-1000`.
const SCENARIOS: Scenario[] = [
  { name: 'single', rollouts: 1, ...base, warm },
  ...(quick ? [] : [{ name: 'concurrent-100', rollouts: 100, ...base }]),
  { name: `concurrent-${MANY}`, rollouts: MANY, ...base, speed: MANY_SPEED },
  { name: `concurrent-${MANY}-2-workers`, rollouts: MANY, ...base, speed: MANY_SPEED, workers: 2 },
  { name: 'eta-late-50pct', rollouts: quick ? 3 : 20, ...base, etaSkew: 0.5 },
  { name: 'eta-early-50pct', rollouts: quick ? 3 : 20, ...base, etaSkew: -0.5 },
];
// Long jobs barely use the machine: each gets a dev server of its own (its RPCs counted apart) and
// they run alongside the others instead of adding their hour to the run.
// A release of one image per wave: what the waves and the continue-as-new between them add.
const RELEASE_WAVES = quick ? 5 : 10;
const RELEASE: ReleaseScenario = {
  name: `release-${RELEASE_WAVES}x${RELEASE_WAVES}`,
  images: RELEASE_WAVES,
  waves: RELEASE_WAVES,
  ...base,
  speed: FAST_SPEED,
};
// Going live on 10,000 servers (2,500 machines × 4) in batches of 250 machines; --quick only runs it faster.
const CUTOVER: CutoverScenario = {
  name: 'cutover-10000',
  machines: 2_500,
  serversPerMachine: 4,
  maxMachines: 250,
  speed: quick ? 60 : 10,
  // Real minutes (the bake is not scaled): only long enough to run the health checks.
  bakeMinutes: quick ? 0.05 : 0.5,
};
// A freeze holds a namespace: on a dev server of its own, after the rest.
const FREEZE = quick ? 100 : 1000;
const LONG: Scenario[] = [
  { name: `long-jobs-x${LONG_FACTOR}`, rollouts: 1, speed: BASE_SPEED / LONG_FACTOR, fleet: 4, warm },
];

/** The run itself: how long it took on how many cores (a --quick run is meant to fit in 10 minutes). */
interface RunSummary {
  /** `run`, or `run (only X)` / `run (without X, Y)` for part of one. */
  scenario: string;
  quick: boolean;
  wallSeconds: number;
  cpus: number;
  date: string;
}

type Result = ScenarioResult | ParkedResult | ReleaseBenchResult | CutoverBenchResult | FreezeBenchResult | RunSummary;

function table<R>(results: R[], columns: [keyof R, string][]): string {
  const rows = [columns.map(([, title]) => title), ...results.map((r) => columns.map(([key]) => String(r[key])))];
  const widths = columns.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  return [
    line(rows[0]!),
    `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

async function onOwnServer<T>(name: string, run: (temporal: TemporalUnderTest) => Promise<T>): Promise<T> {
  const server = await DevServer.start({ logFile: `.dev/bench-temporal-${name}.log`, metricsPort: await freePort() });
  const connection = await Connection.connect({ address: server.address });
  try {
    return await run({
      client: new Client({ connection }),
      address: server.address,
      serverPid: server.pid,
      metricsUrl: server.metricsUrl,
    });
  } finally {
    await connection.close();
    await server.stop();
  }
}

async function main(): Promise<void> {
  const runBegan = Date.now();
  const skipped = new Set((values.skip ?? '').split(',').filter(Boolean));
  const wanted = (name: string) => (!values.only || values.only === name) && !skipped.has(name);
  const all = [
    ...SCENARIOS.map((s) => s.name),
    RELEASE.name,
    CUTOVER.name,
    ...LONG.map((s) => s.name),
    `parked-${PARKED}`,
    `freeze-${FREEZE}`,
  ];
  for (const [flag, name] of [['--only', values.only], ...[...skipped].map((n) => ['--skip', n])] as const)
    if (name && !all.includes(name)) throw new Error(`${flag}: no scenario named "${name}" (have ${all.join(', ')})`);
  const partial = values.only !== undefined || skipped.size > 0;
  const say = (s: Scenario) =>
    process.stderr.write(`running ${s.name} (${s.rollouts} rollouts, speed ${s.speed}, ${s.workers ?? 1} worker)…\n`);
  const longRuns = Promise.all(
    LONG.filter((s) => wanted(s.name)).map((s) => onOwnServer(s.name, (t) => (say(s), runScenario(s, t)))),
  );
  const results: Result[] = await onOwnServer('main', async (temporal) => {
    const done: Result[] = [];
    for (const scenario of SCENARIOS.filter((s) => wanted(s.name))) {
      say(scenario);
      done.push(await runScenario(scenario, temporal));
    }
    if (wanted(RELEASE.name)) {
      process.stderr.write(
        `running ${RELEASE.name} (${RELEASE.images} images in ${RELEASE.waves} waves, speed ${RELEASE.speed})…\n`,
      );
      done.push(await runRelease(RELEASE, temporal));
    }
    if (wanted(CUTOVER.name)) {
      process.stderr.write(
        `running ${CUTOVER.name} (batches of ${CUTOVER.maxMachines} machines, speed ${CUTOVER.speed})…\n`,
      );
      done.push(await runCutover(CUTOVER, temporal));
    }
    if (wanted(`parked-${PARKED}`)) {
      process.stderr.write(`running parked-${PARKED}…\n`);
      done.push(await runParked(PARKED, FAST_SPEED, temporal, PARKED_IDLE_MS));
    }
    return done;
  });
  if (wanted(`freeze-${FREEZE}`)) {
    process.stderr.write(`running freeze-${FREEZE}…\n`);
    results.push(await onOwnServer('freeze', (t) => runFreeze(FREEZE, BASE_SPEED, t, quick ? 5_000 : 20_000)));
  }
  results.push(...(await longRuns));
  const wallSeconds = Math.round((Date.now() - runBegan) / 1000);
  const part = values.only ? `only ${values.only}` : skipped.size ? `without ${[...skipped].join(', ')}` : '';
  results.push({
    scenario: part ? `run (${part})` : 'run',
    quick,
    wallSeconds,
    cpus: cpus().length,
    date: new Date().toISOString(),
  });
  const releases = results.filter((r): r is ReleaseBenchResult => 'waves' in r);
  const parked = results.filter((r): r is ParkedResult => 'parked' in r);
  const cutovers = results.filter((r): r is CutoverBenchResult => 'batches' in r);
  const freezes = results.filter((r): r is FreezeBenchResult => 'heldAllSeconds' in r);
  const scenarios = results.filter(
    (r): r is ScenarioResult => 'overheadRatio' in r && !('waves' in r) && !('batches' in r),
  );
  if (scenarios.length) process.stdout.write(`${table(scenarios, COLUMNS)}\n`);
  if (releases.length) process.stdout.write(`\n${table(releases, RELEASE_COLUMNS)}\n`);
  if (cutovers.length) process.stdout.write(`\n${table(cutovers, CUTOVER_COLUMNS)}\n`);
  if (parked.length) process.stdout.write(`\n${table(parked, PARKED_COLUMNS)}\n`);
  if (freezes.length) process.stdout.write(`\n${table(freezes, FREEZE_COLUMNS)}\n`);
  process.stdout.write(`\nbench took ${wallSeconds} s (${quick ? '--quick' : 'full run'}, ${cpus().length} cores)\n`);
  if (values.json) {
    const written = partial ? mergedInto(values.json, results) : results;
    writeFileSync(values.json, `${JSON.stringify(written, null, 2)}\n`);
    process.stdout.write(`wrote ${values.json}${partial ? " (merged into the other scenarios' results)" : ''}\n`);
  }
}

/** With --only, the file's other scenarios stay: the new result replaces its namesake in place, or is added at the end. */
function mergedInto(file: string, results: Result[]): Result[] {
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Result[]) : [];
  const fresh = new Map(results.map((r) => [r.scenario, r]));
  const merged = existing.map((r) => fresh.get(r.scenario) ?? r);
  return [...merged, ...results.filter((r) => !existing.some((e) => e.scenario === r.scenario))];
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
