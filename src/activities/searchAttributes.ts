import { Context, log } from '@temporalio/activity';
import { missingSearchAttributes } from '../temporal/ensureSearchAttributes';

/**
 * Which of the named search attributes the workflow's namespace lacks, asked at the one place a
 * workflow would set one the namespace might not have (a version create, a release's start), so
 * an upsert the server would refuse (BadSearchAttributes: the workflow task fails for ever) is
 * skipped instead. One list call; none when it cannot be read (the attributes are then assumed,
 * as before: the worker's start-time check has said why in its log).
 */
export function searchAttributesActivity() {
  return {
    async unregisteredSearchAttributes(args: { names: string[] }): Promise<string[]> {
      const { client, info } = Context.current();
      try {
        return await missingSearchAttributes(client.connection.operatorService, info.namespace, args.names);
      } catch (error) {
        log.warn('search attributes not read', { error: error instanceof Error ? error.message : String(error) });
        return [];
      }
    },
  };
}
