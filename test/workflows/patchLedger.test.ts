import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The patch ledger (docs/explanation/versioning.md) and the code agree: every patched() and
// deprecatePatch() id in src/workflows has a row, every row names an id in the code, and every
// fixture a row names exists.
const ROOT = resolve(__dirname, '../..');
const LEDGER = join(ROOT, 'docs/explanation/versioning.md');
const FIXTURES = join(ROOT, 'test/fixtures');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every patch call in the workflow code, with where it is; an id that is not a literal is `null`. */
function patchCalls(): { id: string | null; at: string }[] {
  return sources(join(ROOT, 'src/workflows')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\b(?:patched|deprecatePatch)\(\s*(?:(['"`])([^'"`]*)\1)?/g)].map((m) => ({
      id: m[2] ?? null,
      at: relative(ROOT, file),
    })),
  );
}

interface LedgerRow {
  id: string;
  since: string;
  fixtures: string[];
  mayGo: string;
}

/** The rows of the table under "## Patch ledger"; a row without an id in backticks (the "none" row) is no entry. */
function ledgerRows(text = readFileSync(LEDGER, 'utf8')): LedgerRow[] {
  const section = text.split(/^## Patch ledger\s*$/m)[1]?.split(/^## /m)[0];
  if (section === undefined) throw new Error(`${relative(ROOT, LEDGER)} has no "## Patch ledger" section`);
  const lines = section.split('\n').filter((line) => line.trim().startsWith('|'));
  const [header, rule, ...rows] = lines;
  expect(header?.split('|').map((cell) => cell.trim())).toEqual([
    '',
    'patch id',
    'since version',
    'fixtures that replay the old branch',
    'may go when',
    '',
  ]);
  expect(rule).toMatch(/^\|(\s*-+\s*\|){4}$/);
  return rows.flatMap((line) => {
    const [id, since, fixtures, mayGo] = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const named = /^`([^`]+)`$/.exec(id ?? '')?.[1];
    if (!named) return [];
    return [
      {
        id: named,
        since: since ?? '',
        fixtures: [...(fixtures ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!),
        mayGo: mayGo ?? '',
      },
    ];
  });
}

describe('patch ledger', () => {
  it('every patch id in the workflow code is a string literal', () => {
    expect(patchCalls().filter((call) => call.id === null)).toEqual([]);
  });

  it('every patch id in the workflow code has a ledger row', () => {
    const ledgered = ledgerRows().map((row) => row.id);
    expect(patchCalls().filter((call) => call.id !== null && !ledgered.includes(call.id))).toEqual([]);
  });

  it('every ledger row names an id still in the code, its version, when it may go, and fixtures that exist', () => {
    const inCode = patchCalls().map((call) => call.id);
    for (const row of ledgerRows()) {
      expect({ row: row.id, inCode: inCode.includes(row.id) }).toEqual({ row: row.id, inCode: true });
      expect(row.since).toMatch(/^\d+\.\d+\.\d+$/);
      expect(row.mayGo).not.toBe('');
      expect(row.fixtures.length).toBeGreaterThan(0);
      expect(row.fixtures.filter((file) => !existsSync(join(FIXTURES, file)))).toEqual([]);
    }
  });

  it('reads a row as a row (the check above is not vacuous)', () => {
    const sample = [
      '## Patch ledger',
      '',
      '| patch id | since version | fixtures that replay the old branch | may go when |',
      '| --- | --- | --- | --- |',
      '| _none_ | | | |',
      '| `wave-gate` | 1.2.0 | `release-a.json`, `release-b.json` | no release of a build before 1.2.0 runs |',
    ].join('\n');
    expect(ledgerRows(sample)).toEqual([
      {
        id: 'wave-gate',
        since: '1.2.0',
        fixtures: ['release-a.json', 'release-b.json'],
        mayGo: 'no release of a build before 1.2.0 runs',
      },
    ]);
  });
});
