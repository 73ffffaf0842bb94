import { Connection, type ConnectionLike } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_FLAGS } from '../contract/searchAttributes';

/** temporal.api.enums.v1.IndexedValueType, by the names the flags use (the proto package is not a direct dependency). */
const TYPES: Record<string, number> = { Keyword: 2, Int: 3, Bool: 5 };

/** The operator calls used here; a client Connection and the worker's NativeConnection both have them. */
export type SearchAttributeOperator = Pick<
  ConnectionLike['operatorService'],
  'listSearchAttributes' | 'addSearchAttributes'
>;

/** The names (of `names`, else the contract's) whose attribute the namespace lacks (one list call). */
export async function missingSearchAttributes(
  operator: SearchAttributeOperator,
  namespace: string,
  names: readonly string[] = SEARCH_ATTRIBUTE_FLAGS.map(nameOf),
): Promise<string[]> {
  const existing = await operator.listSearchAttributes({ namespace });
  const known = new Set([
    ...Object.keys(existing.customAttributes ?? {}),
    ...Object.keys(existing.systemAttributes ?? {}),
  ]);
  return names.filter((name) => !known.has(name));
}

/**
 * Registers the contract's search attributes that a namespace lacks; returns the names it added.
 * Throws what the server says when it refuses (Temporal Cloud: PERMISSION_DENIED).
 */
export async function registerMissingSearchAttributes(
  operator: SearchAttributeOperator,
  namespace: string,
  flags: readonly string[] = SEARCH_ATTRIBUTE_FLAGS,
): Promise<string[]> {
  const missing = new Set(await missingSearchAttributes(operator, namespace, flags.map(nameOf)));
  const added = flags.map((flag) => flag.split('=') as [string, string]).filter(([name]) => missing.has(name));
  if (added.length === 0) return [];
  await operator.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(added.map(([name, type]) => [name, TYPES[type]!])),
  });
  return added.map(([name]) => name);
}

function nameOf(flag: string): string {
  return flag.split('=')[0]!;
}

/**
 * `npm run dev` and the tests: registers what a namespace lacks. `temporal server start-dev
 * --search-attribute` registers them only when it creates its database, so a `.dev/temporal.db`
 * from before an attribute was added (ReleaseId) would refuse every start that sets it.
 */
export async function ensureSearchAttributes(
  address: string,
  namespace = 'default',
  flags: readonly string[] = SEARCH_ATTRIBUTE_FLAGS,
): Promise<string[]> {
  const connection = await Connection.connect({ address });
  try {
    return await registerMissingSearchAttributes(connection.operatorService, namespace, flags);
  } finally {
    await connection.close();
  }
}
