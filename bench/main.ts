// `npm run bench -- [--json FILE] [--quick] [--only SCENARIO]`: our service against the naive fixed-interval poller,
// on loopback (dev server, simulator, worker process), printing a table and writing JSON.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DevServer } from '../src/temporal/devServer';
import { freePort } from '../src/temporal/freePort';
import { runScenario, type Scenario, type ScenarioResult } from './scenario';

const { values } = parseArgs({ options: { json: { type: 'string' }, quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
const quick = values.quick === true;

// Realistic jobs (diff 5 min, version 15 min, installs 8 min) at `speed`× real time.
const BASE_SPEED = quick ? 150 : 60;
const LONG_FACTOR = quick ? 4 : 60;
const SCENARIOS: Scenario[] = [
  { name: 'single', rollouts: 1, speed: BASE_SPEED, fleet: 4 },
  { name: quick ? 'concurrent-20' : 'concurrent-100', rollouts: quick ? 20 : 100, speed: BASE_SPEED, fleet: 4 },
  { name: quick ? 'concurrent-100' : 'concurrent-1000', rollouts: quick ? 100 : 1000, speed: BASE_SPEED, fleet: 4 },
  { name: `long-jobs-x${LONG_FACTOR}`, rollouts: 1, speed: BASE_SPEED / LONG_FACTOR, fleet: 4 },
  { name: 'eta-late-50pct', rollouts: quick ? 3 : 20, speed: BASE_SPEED, fleet: 4, etaSkew: 0.5 },
  { name: 'eta-early-50pct', rollouts: quick ? 3 : 20, speed: BASE_SPEED, fleet: 4, etaSkew: -0.5 },
];

const COLUMNS: [keyof ScenarioResult, string][] = [
  ['scenario', 'scenario'],
  ['rollouts', 'n'],
  ['overheadRatio', 'overhead'],
  ['statusCallsPerJob', 'calls/job'],
  ['baselineStatusCallsPerJob', '5s-poll calls/job'],
  ['baseline30sStatusCallsPerJob', '30s-poll calls/job'],
  ['lagP50Ms', 'lag p50 ms'],
  ['lagP95Ms', 'lag p95 ms'],
  ['baselineLagP50Ms', '5s-poll lag p50'],
  ['historyEvents', 'history'],
  ['serverRpcsPerRollout', 'server rpc'],
  ['heartbeatRpcsPerRollout', 'heartbeat rpc'],
  ['callsQueuedPerJob', 'calls queued'],
  ['callsEarlyPerJob', 'calls early'],
  ['callsOverduePerJob', 'calls overdue'],
  ['workerRssMb', 'worker MB'],
  ['workerCpuSeconds', 'worker cpu s'],
  ['temporalCpuSeconds', 'temporal cpu s'],
  ['completed', 'ok'],
  ['failed', 'failed'],
  ['seconds', 'took s'],
];

function table(results: ScenarioResult[]): string {
  const rows = [COLUMNS.map(([, title]) => title), ...results.map((r) => COLUMNS.map(([key]) => String(r[key])))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const server = await DevServer.start({ logFile: '.dev/bench-temporal.log', metricsPort: await freePort() });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const results: ScenarioResult[] = [];
  try {
    const chosen = values.only ? SCENARIOS.filter((s) => s.name === values.only) : SCENARIOS;
    if (chosen.length === 0) throw new Error(`--only: no scenario named "${values.only}" (have ${SCENARIOS.map((s) => s.name).join(', ')})`);
    for (const scenario of chosen) {
      process.stderr.write(`running ${scenario.name} (${scenario.rollouts} rollouts, speed ${scenario.speed})…\n`);
      results.push(await runScenario(scenario, { client, address: server.address, serverPid: server.pid, metricsUrl: server.metricsUrl }));
    }
  } finally {
    await connection.close();
    await server.stop();
  }
  process.stdout.write(`${table(results)}\n`);
  if (values.json) {
    writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`wrote ${values.json}\n`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
