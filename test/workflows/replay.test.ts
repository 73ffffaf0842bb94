import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { RolloutMetrics } from '../../src/metrics/registry';
import { quietTemporalRuntime } from '../support/quietRuntime';

const FIXTURES = resolve(__dirname, '../fixtures');
const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));

describe('determinism: recorded histories replay against the current workflow code', () => {
  it('has fixtures for the main paths', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it('replays every fixture without a nondeterminism error', async () => {
    quietTemporalRuntime();
    // The run's one bundle of the workflow code, the same the harness workers run.
    const workflowBundle = { codePath: inject('workflowCodePath') };
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      // JSON as `temporal workflow show --output json` writes it; the worker converts it.
      history: JSON.parse(readFileSync(resolve(FIXTURES, file), 'utf8')) as unknown,
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      // The sink registered as on a real worker (it is not called while replaying).
      { workflowBundle, replayName: 'fixtures', sinks: new RolloutMetrics().sinks() },
      histories,
    )) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
