// Writes the generated half of docs/reference/ from the code that defines it: the input fields
// (zod schemas), the CLI (the commander program), the environment (ENVIRONMENT), phases,
// messages, metrics and webhook events. `npm run docs`; test/docs/reference.test.ts fails when
// a committed page is stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { referencePages } from './reference/pages';

const root = resolve(__dirname, '..');
for (const [path, text] of Object.entries(referencePages())) {
  const file = resolve(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  process.stdout.write(`wrote ${path}\n`);
}
