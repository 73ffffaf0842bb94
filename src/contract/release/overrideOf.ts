import { z } from 'zod';

/** A field as an optional override: its rule and description, without its default (the rollout fills that in). */
export function overrideOf(field: z.ZodType): z.ZodType {
  const inner = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field;
  const bare = inner instanceof z.ZodOptional ? (inner.unwrap() as z.ZodType) : inner;
  return bare.optional().describe(field.description ?? '');
}
