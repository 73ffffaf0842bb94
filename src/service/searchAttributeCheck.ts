import type { Logger } from 'pino';
import { searchAttributeCreateCommand } from '../contract/searchAttributes';
import {
  missingSearchAttributes,
  registerMissingSearchAttributes,
  type SearchAttributeOperator,
} from '../temporal/ensureSearchAttributes';

/** What the start-time check found and did: names added, and names the namespace still lacks. */
export interface SearchAttributeReport {
  added: string[];
  missing: string[];
}

/**
 * At start, the namespace's search attributes: a namespace set up for an earlier version lacks
 * the ones added since (ReleaseId, ClanforgeFullImage). With `register` (CLANFORGE_REGISTER_SEARCH_ATTRIBUTES)
 * the worker adds them, as self-hosted servers and the dev server allow; where the server refuses
 * (Temporal Cloud without the permission) or `register` is off, rollouts skip them and say so in
 * their status (activities/searchAttributes.ts). One log line; never throws. Undefined when the
 * namespace could not even be read.
 */
export async function checkSearchAttributes(
  operator: SearchAttributeOperator,
  namespace: string,
  logger: Logger,
  register = true,
): Promise<SearchAttributeReport | undefined> {
  let missing: string[];
  try {
    missing = await missingSearchAttributes(operator, namespace);
  } catch (error) {
    logger.warn(`search attributes not checked: ${messageOf(error)}`);
    return undefined;
  }
  if (missing.length === 0) {
    logger.info('search attributes ok');
    return { added: [], missing };
  }
  const commands = missing.map((name) => searchAttributeCreateCommand(namespace, name)).join(' && ');
  const skipped = `rollouts go on without setting them, and their status names them; register them: ${commands}`;
  if (!register) {
    logger.warn(
      { missing },
      `namespace ${namespace} lacks search attributes ${missing.join(', ')} (CLANFORGE_REGISTER_SEARCH_ATTRIBUTES=false): ${skipped}`,
    );
    return { added: [], missing };
  }
  try {
    const added = await registerMissingSearchAttributes(operator, namespace);
    logger.info({ added }, `registered search attributes ${added.join(', ')} in namespace ${namespace}`);
    return { added, missing: missing.filter((name) => !added.includes(name)) };
  } catch (error) {
    logger.warn(
      { missing },
      `namespace ${namespace} lacks search attributes ${missing.join(', ')} and refused to register them (${messageOf(error)}): ${skipped}`,
    );
    return { added: [], missing };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
