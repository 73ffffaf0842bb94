import { workflowInfo } from '@temporalio/workflow';
import { missingSearchAttributeWarning } from '../../contract/searchAttributes';
import { temporalReads } from './activities';

/** A search attribute a workflow is about to set, and what is lost when it cannot. */
export interface WantedAttribute {
  name: string;
  consequence: string;
}

/**
 * Asks once (one activity) which of the attributes the namespace lacks, and hands a warning for
 * each to `warn`: the caller then skips setting those, since an upsert or a child start with an
 * unregistered attribute fails its workflow task for ever (BadSearchAttributes).
 */
export async function unregisteredAttributes(
  wanted: WantedAttribute[],
  warn: (text: string) => void,
): Promise<Set<string>> {
  const missing = new Set(await temporalReads.unregisteredSearchAttributes({ names: wanted.map((w) => w.name) }));
  for (const { name, consequence } of wanted)
    if (missing.has(name)) warn(missingSearchAttributeWarning(workflowInfo().namespace, name, consequence));
  return missing;
}
