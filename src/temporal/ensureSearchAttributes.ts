import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_FLAGS } from '../contract/searchAttributes';

/** temporal.api.enums.v1.IndexedValueType, by the names the flags use (the proto package is not a direct dependency). */
const TYPES: Record<string, number> = { Keyword: 2, Int: 3, Bool: 5 };

/**
 * Registers the contract's search attributes that a namespace lacks. `temporal server start-dev
 * --search-attribute` registers them only when it creates its database, so a `.dev/temporal.db`
 * from before an attribute was added (ReleaseId) would refuse every start that sets it.
 * Returns the names it added.
 */
export async function ensureSearchAttributes(
  address: string,
  namespace = 'default',
  flags: readonly string[] = SEARCH_ATTRIBUTE_FLAGS,
): Promise<string[]> {
  const connection = await Connection.connect({ address });
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const known = new Set([
      ...Object.keys(existing.customAttributes ?? {}),
      ...Object.keys(existing.systemAttributes ?? {}),
    ]);
    const missing = flags.map((flag) => flag.split('=') as [string, string]).filter(([name]) => !known.has(name));
    if (missing.length === 0) return [];
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, TYPES[type]!])),
    });
    return missing.map(([name]) => name);
  } finally {
    await connection.close();
  }
}
