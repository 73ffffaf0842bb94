import type { NativeConnection } from '@temporalio/worker';
import type { Logger } from 'pino';
import { SEARCH_ATTRIBUTE_FLAGS } from '../contract/searchAttributes';

/**
 * At start, one read of the namespace's search attributes: a rollout upserts ClanforgeFullImage
 * when it creates its version, and a release sets ReleaseId on its rollouts, so a namespace that
 * lacks one (registered before it was added) would stop those workflows at that point. One log
 * line naming what is missing and how to add it; never throws (a Cloud key may not list them).
 */
export async function checkSearchAttributes(
  connection: NativeConnection,
  namespace: string,
  logger: Logger,
): Promise<string[] | undefined> {
  try {
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    const known = new Set([
      ...Object.keys(listed.customAttributes ?? {}),
      ...Object.keys(listed.systemAttributes ?? {}),
    ]);
    const missing = SEARCH_ATTRIBUTE_FLAGS.filter((flag) => !known.has(flag.split('=')[0]!));
    if (missing.length === 0) {
      logger.info('search attributes ok');
      return [];
    }
    const command = missing
      .map(
        (flag) =>
          `temporal operator search-attribute create --namespace ${namespace} --name ${flag.split('=')[0]} --type ${flag.split('=')[1]}`,
      )
      .join(' && ');
    logger.error(
      { missing },
      `namespace ${namespace} lacks search attributes ${missing.join(', ')}: rollouts stop when they set one; register them: ${command}`,
    );
    return missing;
  } catch (error) {
    logger.warn(`search attributes not checked: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
