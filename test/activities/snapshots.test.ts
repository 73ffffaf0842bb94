import { describe, expect, it } from 'vitest';
import { summarizeDiff } from '../../src/activities/snapshots';
import type { ImageDiffJob } from '../../src/clanforge/schemas';

// A diff's summary says "empty" only of a completed diff: one not run yet has listed nothing yet.
const diff = (jobstateid: number, files: Record<string, { size: number; md5: string }> = {}) =>
  ({ jobstateid, added: files, modified: {}, removed: {} }) as unknown as ImageDiffJob;

describe('summarizeDiff', () => {
  it('a diff not run yet (Created, Queued, Running) is not empty', () => {
    for (const state of [1, 3, 4]) expect(summarizeDiff(diff(state))).toMatchObject({ empty: false, added: 0 });
  });

  it('a completed diff with no files is empty; with files it is not', () => {
    expect(summarizeDiff(diff(5)).empty).toBe(true);
    expect(summarizeDiff(diff(5, { 'bin/a.so': { size: 1, md5: 'x' } })).empty).toBe(false);
  });
});
