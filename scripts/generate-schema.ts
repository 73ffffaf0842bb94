// Writes schema/rollout-input.schema.json and schema/release-input.schema.json from the zod
// schemas that validate the inputs, so services in other languages can start a rollout or a
// release with plain `temporal workflow start`. `npm run schema`; a test fails when a committed
// file is stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { releaseInputJsonSchema } from '../src/contract/release/inputSchemaJson';
import { rolloutInputJsonSchema } from '../src/contract/rollout/inputSchemaJson';

const dir = resolve(__dirname, '../schema');
mkdirSync(dir, { recursive: true });
for (const [file, schema] of [
  ['rollout-input.schema.json', rolloutInputJsonSchema()],
  ['release-input.schema.json', releaseInputJsonSchema()],
] as const) {
  writeFileSync(resolve(dir, file), `${JSON.stringify(schema, null, 2)}\n`);
  process.stdout.write(`wrote ${resolve(dir, file)}\n`);
}
