import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PRELOADED_MODULES, WORKFLOWS_PATH } from '../../src/service/workflowBundle';

const SRC = resolve(__dirname, '../../src');
const CONTRACT = join(SRC, 'contract');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

function fileOf(modulePath: string): string {
  const candidates = [`${modulePath}.ts`, join(modulePath, 'index.ts')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`no source for ${modulePath}`);
  return found;
}

/** The modules a file imports at run time: relative imports and re-exports that are not type-only. */
function valueImportsOf(file: string): { relative: string[]; packages: string[] } {
  const source = readFileSync(file, 'utf8');
  const statements = source.matchAll(/^(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s+'([^']+)'/gms);
  const relativeImports: string[] = [];
  const packages: string[] = [];
  for (const [, typeOnly, names = '', specifier = ''] of statements) {
    const braces = /^\{([^}]*)\}$/s.exec(names.trim());
    const allTypes = braces?.[1]
      ?.split(',')
      .map((n) => n.trim())
      .filter(Boolean)
      .every((n) => n.startsWith('type '));
    if (typeOnly || allTypes) continue;
    if (specifier.startsWith('.')) relativeImports.push(fileOf(resolve(dirname(file), specifier)));
    else packages.push(specifier);
  }
  return { relative: relativeImports, packages };
}

function reachableFrom(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...valueImportsOf(file).relative);
  }
  return seen;
}

describe('the workflow sandbox preloads what every workflow would evaluate again', () => {
  it('every module in the workflow bundle that builds zod schemas is preloaded with zod', () => {
    const inBundle = reachableFrom([fileOf(WORKFLOWS_PATH)]);
    const preloaded = reachableFrom(PRELOADED_MODULES.filter((m) => m.startsWith('/')).map(fileOf));
    const buildsSchemas = [...inBundle].filter((file) => valueImportsOf(file).packages.includes('zod'));
    expect(PRELOADED_MODULES).toContain('zod');
    expect(buildsSchemas.length).toBeGreaterThan(0);
    expect(buildsSchemas.filter((file) => !preloaded.has(file)).map((file) => relative(SRC, file))).toEqual([]);
  });

  it("no contract module exports a zod schema itself: the SDK freezes a preloaded module's exports, and a frozen schema cannot parse", async () => {
    const exported: string[] = [];
    for (const file of sourceFiles(CONTRACT)) {
      const module = (await import(file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module))
        if (value instanceof z.ZodType) exported.push(`${relative(SRC, file)}: ${name}`);
    }
    expect(exported).toEqual([]);
  });

  it('a frozen zod schema cannot parse (why the contract keeps them behind functions)', () => {
    const frozen = Object.freeze(z.strictObject({ reason: z.string() }));
    expect(() => frozen.safeParse({ reason: 'incident' })).toThrow(/not extensible/);
    const behindAFunction = (() => {
      const schema = z.strictObject({ reason: z.string() });
      return Object.freeze(() => schema);
    })();
    expect(behindAFunction().safeParse({ reason: 'incident' }).success).toBe(true);
  });
});
