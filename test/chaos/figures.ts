import { appendFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const FILE = resolve(__dirname, '../../test-results/chaos-figures.jsonl');

/** Appends a measured figure to test-results/chaos-figures.jsonl (docs/explanation/durability.md quotes them). */
export function recordFigure(name: string, value: string | number): void {
  mkdirSync(resolve(FILE, '..'), { recursive: true });
  appendFileSync(FILE, `${JSON.stringify({ at: new Date().toISOString(), name, value })}\n`);
}
