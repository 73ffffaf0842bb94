// Records the histories that test/workflows/replay.test.ts replays, on a dev server and a
// simulator of its own: `npm run fixtures:record` (all), or name fixtures to record only those:
// `npm run fixtures:record -- approval-rejected invalid-input`.
// Re-record when the workflow changes on purpose. Rollouts are PINNED, so a change to them needs
// only new fixtures; a change to the release (AUTO_UPGRADE) that running releases may replay needs
// a patch, its old fixtures kept and a row in the patch ledger (docs/explanation/versioning.md).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DevServer } from '../src/temporal/devServer';
import { provisionTemporalCli } from '../src/temporal/provisionCli';
import { startRolloutHarness } from '../test/support/rolloutHarness';
import { runTemporalCli } from '../test/support/runTemporalCli';
import { writeWorkflowBundle } from '../test/support/workflowBundle';
import type { Recording } from './fixtures/kit';
import { SCENARIOS } from './fixtures/scenarios';

const FIXTURES = resolve(__dirname, '../test/fixtures');

async function main(names: string[]): Promise<void> {
  const unknown = names.filter((name) => !SCENARIOS.some((s) => s.fixtures.includes(name)));
  if (unknown.length > 0) throw new Error(`no scenario records ${unknown.join(', ')}`);
  const chosen = names.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => s.fixtures.some((f) => names.includes(f)));

  const log = (message: string) => process.stderr.write(`${message}\n`);
  const executable = provisionTemporalCli({ info: (message) => log(`[temporal] ${message}`) });
  const bundleDir = mkdtempSync(join(tmpdir(), 'fixtures-bundle-'));
  const [server, workflowCodePath] = await Promise.all([
    DevServer.start({ executable }),
    writeWorkflowBundle(bundleDir),
  ]);
  const h = await startRolloutHarness(
    { speed: 200, fleet: 2, mirrors: 1 },
    { temporalAddress: server.address, workflowCodePath },
  );
  const temporalCli = (...args: string[]) => runTemporalCli(server.executable, server.address, args);
  const recording: Recording = {
    h,
    temporalCli,
    async record(name, workflowId, runId) {
      await h.rollouts.result(workflowId).catch(() => undefined);
      const run = runId ? ['--run-id', runId] : [];
      const history = await temporalCli('workflow', 'show', '--workflow-id', workflowId, ...run, '--output', 'json');
      writeFileSync(resolve(FIXTURES, `${name}.json`), history);
      log(`wrote test/fixtures/${name}.json`);
    },
  };
  try {
    for (const scenario of chosen) {
      log(`recording: ${scenario.what}`);
      await scenario.run(recording);
    }
  } finally {
    await h.close();
    await server.stop();
    rmSync(bundleDir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`record-fixtures: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
