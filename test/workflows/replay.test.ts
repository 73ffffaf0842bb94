import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../support/rolloutHarness';
import { quietTemporalRuntime } from '../support/quietRuntime';

const FIXTURES = resolve(__dirname, '../fixtures');
const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));

describe('determinism: recorded histories replay against the current workflow code', () => {
  it('has fixtures for the main paths', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it('replays every fixture without a nondeterminism error', async () => {
    quietTemporalRuntime();
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    });
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      // JSON as `temporal workflow show --output json` writes it; the worker converts it.
      history: JSON.parse(readFileSync(resolve(FIXTURES, file), 'utf8')) as unknown,
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle, replayName: 'fixtures' }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
