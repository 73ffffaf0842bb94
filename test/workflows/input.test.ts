import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidReleaseInput, parseReleaseInput } from '../../src/contract/release/input';
import { defaultWorkflowId, installAtSeconds, parseRolloutInput } from '../../src/contract/rollout/input';
import { fakeClient, run } from '../cli/helpers';
import { rolloutInputJsonSchema } from '../../src/contract/rollout/inputSchemaJson';

const valid = { accountServiceId: 1001, imageId: 42, machineId: 7 };

function problems(input: unknown): string[] {
  try {
    parseRolloutInput(input);
  } catch (error) {
    return (error as { problems: string[] }).problems;
  }
  return [];
}

describe('rollout input', () => {
  it('fills the documented defaults', () => {
    expect(parseRolloutInput(valid)).toEqual({
      ...valid,
      restart: false,
      full: false,
      force: false,
      diffRetries: 2,
      retryDelaySeconds: 30,
      stuckAfterMinutes: 240,
      maxInstallAheadDays: 30,
      notify: false,
      requireApproval: false,
      reinstallOnReject: true,
    });
  });

  it('names every bad field with its rule, losing none', () => {
    expect(
      problems({
        accountServiceId: 0,
        imageId: '42',
        extra: true,
        installAt: 'tomorrow',
        updateUrl: 'ftp://x',
        diffRetries: -1,
      }),
    ).toEqual([
      'accountServiceId: must be a positive integer',
      'imageId: must be a positive integer',
      'machineId: is required',
      'updateUrl: must be an http(s), s3, gs or steam URL',
      'installAt: must be an ISO-8601 date-time with offset (e.g. 2026-12-01T10:00:00Z) or unix seconds',
      'diffRetries: must be an integer >= 0',
      'extra: unknown field',
    ]);
  });

  it('requires disableTimeoutMinutes and disablePercentage together', () => {
    expect(problems({ ...valid, disablePercentage: 50 })).toEqual([
      'disableTimeoutMinutes: disableTimeoutMinutes and disablePercentage must be given together',
    ]);
    expect(problems({ ...valid, disablePercentage: 101, disableTimeoutMinutes: 0 })).toEqual([
      'disableTimeoutMinutes: must be an integer >= 1',
      'disablePercentage: must be a number from 0 to 100',
    ]);
  });

  it('refuses the fields removed in 1.0.0, each with what to do, whatever their value', () => {
    for (const value of ['held', 'retry', 30, null, false])
      expect(problems({ ...valid, polling: value, followerHeartbeatSeconds: value })).toEqual([
        'followerHeartbeatSeconds: removed in 1.0.0 (no job follower outlives one poll, so there is no heartbeat timeout to choose); drop the field',
        'polling: removed in 1.0.0 (every job is followed by free polling, one poll per activity attempt); drop the field',
      ]);
  });

  it('refuses the removed fields in a release, in its defaults and per image', () => {
    expect(() =>
      parseReleaseInput({
        releaseId: 'r-1',
        defaults: { polling: 'retry' },
        images: [{ ...valid, followerHeartbeatSeconds: 30 }],
      }),
    ).toThrow(
      new InvalidReleaseInput([
        'defaults.polling: removed in 1.0.0 (every job is followed by free polling, one poll per activity attempt); drop the field',
        'images[0].followerHeartbeatSeconds: removed in 1.0.0 (no job follower outlives one poll, so there is no heartbeat timeout to choose); drop the field',
      ]),
    );
  });

  it('the CLI start refuses the removed flags as unknown options, starting nothing', async () => {
    for (const flag of ['--polling', '--follower-heartbeat']) {
      const client = fakeClient();
      const result = await run(['start', '--asid', '1001', '--image', '42', '--machine', '7', flag, '30'], client);
      expect(result.code).toBe(2);
      expect(result.errLines.join('\n')).toContain(`unknown option '${flag}'`);
      expect(client.startRollout).not.toHaveBeenCalled();
    }
  });

  it('rejects a non-object', () => {
    expect(problems(null)).toEqual(['rollout input must be a JSON object']);
    expect(problems([1])).toEqual(['rollout input must be a JSON object']);
  });

  it('reads installAt as ISO-8601 or unix seconds', () => {
    expect(installAtSeconds('2026-12-01T10:00:00Z')).toBe(1_796_119_200);
    expect(installAtSeconds(1_796_119_200)).toBe(1_796_119_200);
    expect(installAtSeconds(undefined)).toBeUndefined();
  });

  it('derives the default workflow id from ASID and image', () => {
    expect(defaultWorkflowId(valid)).toBe('rollout-1001-42');
  });

  it('ships a JSON Schema that matches the zod schema', () => {
    const shipped = JSON.parse(
      readFileSync(resolve(__dirname, '../../schema/rollout-input.schema.json'), 'utf8'),
    ) as unknown;
    expect(shipped).toEqual(rolloutInputJsonSchema());
    expect((shipped as { required: string[] }).required.sort()).toEqual(['accountServiceId', 'imageId', 'machineId']);
  });
});
