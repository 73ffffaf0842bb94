import { releaseInputJsonSchema } from '../../src/contract/release/inputSchemaJson';
import { rolloutInputJsonSchema } from '../../src/contract/rollout/inputSchemaJson';
import { code, inline, table, type Page } from './markdown';

/**
 * The rollout's and the release's input fields, read from the JSON Schemas that
 * `npm run schema` ships (themselves made from the zod schemas the workflows validate with).
 */
interface JsonSchema {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
}

/** "integer ≥ 1", "number 0–100", "string, 1–100 characters": the rule in words. */
function typeOf(schema: JsonSchema): string {
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' or ');
  if (schema.enum) return schema.enum.map((value) => code(JSON.stringify(value))).join(' or ');
  if (schema.type === 'integer' || schema.type === 'number') return `${schema.type}${rangeOf(schema)}`;
  if (schema.type === 'string') {
    if (schema.format === 'date-time') return 'ISO-8601 date-time with offset';
    const length = lengthOf(schema.minLength, schema.maxLength, 'characters');
    const pattern = schema.pattern ? ` matching ${code(schema.pattern)}` : '';
    return `string${length}${pattern}`;
  }
  if (schema.type === 'array') return `list${lengthOf(schema.minItems, schema.maxItems, 'entries')}`;
  return schema.type ?? 'any';
}

function rangeOf(schema: JsonSchema): string {
  const above = schema.exclusiveMinimum;
  const low =
    schema.minimum ?? (above === undefined ? undefined : schema.type === 'integer' ? above + 1 : `> ${above}`);
  // z.int() states the safe-integer bound; it says nothing a reader needs.
  const high = schema.maximum === Number.MAX_SAFE_INTEGER ? undefined : schema.maximum;
  if (typeof low === 'string') return high === undefined ? ` ${low}` : ` ${low}, ≤ ${high}`;
  if (low !== undefined && high !== undefined) return ` ${low}–${high}`;
  if (low !== undefined) return ` ≥ ${low}`;
  return high === undefined ? '' : ` ≤ ${high}`;
}

function lengthOf(min: number | undefined, max: number | undefined, unit: string): string {
  if (min === undefined && max === undefined) return '';
  return `, ${min ?? 0}–${max ?? '∞'} ${unit}`;
}

function fieldTable(schema: JsonSchema, only?: (name: string) => boolean): string {
  const required = new Set(schema.required ?? []);
  const rows = Object.entries(schema.properties ?? {})
    .filter(([name]) => only?.(name) ?? true)
    .map(([name, field]) => [
      code(name),
      typeOf(field),
      required.has(name) ? 'required' : field.default === undefined ? '–' : code(JSON.stringify(field.default)),
      field.description ?? '',
    ]);
  return table(['field', 'type', 'default', 'meaning'], rows);
}

export function rolloutInputPage(): Page {
  const schema = rolloutInputJsonSchema() as JsonSchema;
  return {
    title: 'Rollout input',
    sources: ['src/contract/rollout/input.ts'],
    sections: [
      `${inline(schema.description ?? '')} JSON Schema: [schema/rollout-input.schema.json](../../schema/rollout-input.schema.json). Unknown fields and wrong types are refused with an error naming each bad field and its rule.`,
      fieldTable(schema),
    ],
  };
}

export function releaseInputPage(): Page {
  const schema = releaseInputJsonSchema() as JsonSchema;
  const images = schema.properties?.images?.items ?? {};
  const defaults = schema.properties?.defaults ?? {};
  const overridable = new Set(Object.keys(defaults.properties ?? {}));
  return {
    title: 'Release input',
    sources: ['src/contract/release/input.ts', 'src/contract/rollout/input.ts'],
    sections: [
      `${inline(schema.description ?? '')} JSON Schema: [schema/release-input.schema.json](../../schema/release-input.schema.json); \`release start -f\` reads the same as JSON or YAML.`,
      fieldTable(schema),
      '## Each entry of `images`',
      `An image's own fields. Besides these, an entry may set any field of \`defaults\` for itself alone (${[...overridable].map(code).join(', ')}), with the rule the [rollout input](rollout-input.md) gives it.`,
      fieldTable(images, (name) => !overridable.has(name)),
    ],
  };
}
