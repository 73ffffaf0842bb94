// Writes schema/rollout-input.schema.json from the zod schema that validates the rollout input,
// so services in other languages can start a rollout with plain `temporal workflow start`.
// `npm run schema`; a test fails when the committed file is stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { rolloutInputJsonSchema } from '../src/workflows/rollout/inputSchemaJson';

const target = resolve(__dirname, '../schema/rollout-input.schema.json');
mkdirSync(resolve(target, '..'), { recursive: true });
writeFileSync(target, `${JSON.stringify(rolloutInputJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
