import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { releaseInputProblems } from '../support/releaseInputProblems';
import { parseReleaseInput, rolloutInputsOf } from '../../src/contract/release/input';
import { releaseInputJsonSchema } from '../../src/contract/release/inputSchemaJson';

const img = (imageId: number, extra: Record<string, unknown> = {}) => ({
  accountServiceId: 1001,
  imageId,
  machineId: 7,
  ...extra,
});

const problems = releaseInputProblems;

describe('release input', () => {
  it("fills each image's rollout input: defaults, then the release's build fields, then the image's own", () => {
    const release = parseReleaseInput({
      releaseId: 'r-1',
      gameBuild: '2.0',
      installAt: '2026-12-01T10:00:00Z',
      defaults: { diffRetries: 5, requireApproval: true },
      images: [img(1), img(2, { wave: 2, requireApproval: false, gameBuild: '2.0-hotfix' })],
    });
    expect(release.pauseBetweenWaves).toBe(true);
    const [first, second] = rolloutInputsOf(release);
    expect(first).toMatchObject({
      accountServiceId: 1001,
      imageId: 1,
      gameBuild: '2.0',
      installAt: '2026-12-01T10:00:00Z',
      diffRetries: 5,
      requireApproval: true,
      restart: false,
    });
    expect(second).toMatchObject({ imageId: 2, gameBuild: '2.0-hotfix', diffRetries: 5, requireApproval: false });
    expect(second).not.toHaveProperty('wave');
  });

  it('names the image index and field of every bad value', () => {
    expect(
      problems({
        releaseId: 'r',
        images: [img(1), img(2), { accountServiceId: 1001, imageId: 0, machineId: 'x', bogus: 1 }],
      }),
    ).toEqual([
      'images[2].imageId: must be a positive integer',
      'images[2].machineId: must be a positive integer',
      'images[2].bogus: unknown field',
    ]);
    expect(
      problems({ releaseId: 'r', defaults: { diffRetries: -1, gameBuild: '1', imageId: 3 }, images: [img(1)] }),
    ).toEqual([
      'defaults.diffRetries: must be an integer >= 0',
      'defaults.gameBuild: give gameBuild at the top level of the release (or per image)',
      'defaults.imageId: imageId belongs to each image',
    ]);
    expect(problems({ images: [] })).toEqual(['releaseId: is required', 'images: must list at least one image']);
    expect(problems({ releaseId: 'has space', images: [img(1, { wave: 0 })] })).toEqual([
      'releaseId: must be 1-100 letters, digits, ".", "_" or "-", starting with a letter or digit',
      'images[0].wave: must be an integer >= 1',
    ]);
    expect(problems('nope')).toEqual(['release input must be a JSON object']);
  });

  it('refuses an image twice, waves with gaps, and rollout rules that span fields', () => {
    expect(problems({ releaseId: 'r', images: [img(1), img(2), img(1, { wave: 2 })] })).toEqual([
      'images[2]: duplicate of images[0] (image 1 on ASID 1001): an image moves once per release',
    ]);
    expect(problems({ releaseId: 'r', images: [img(1), img(2, { wave: 3 })] })).toEqual([
      'images: waves must be numbered 1 to 3 without gaps: no image is in wave 2',
    ]);
    expect(problems({ releaseId: 'r', defaults: { disablePercentage: 10 }, images: [img(1)] })).toEqual([
      'images[0].disableTimeoutMinutes: disableTimeoutMinutes and disablePercentage must be given together',
    ]);
  });

  it('ships a JSON Schema that matches the zod schema', () => {
    const shipped = JSON.parse(readFileSync(resolve(__dirname, '../../schema/release-input.schema.json'), 'utf8')) as {
      required: string[];
    };
    expect(shipped).toEqual(releaseInputJsonSchema());
    expect(shipped.required.sort()).toEqual(['images', 'releaseId']);
  });
});
