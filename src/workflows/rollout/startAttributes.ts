import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { ClanforgeAccountServiceId, ClanforgeImageId, GameBuild } from '../../contract/searchAttributes';
import type { RolloutOptions } from '../../contract/rollout/input';

/**
 * Makes a rollout started by type name (another language, `temporal workflow start`) as
 * searchable as one from the client library: the ids and build from its own validated input.
 * RolloutPhase follows in the same workflow task, from the first phase the tracker enters.
 *
 * Only what is missing or wrong is upserted, so a start that set them (the client library) adds
 * no event.
 */
export function upsertInputSearchAttributes(input: RolloutOptions): void {
  const wanted: SearchAttributeUpdatePair[] = [
    { key: ClanforgeAccountServiceId, value: input.accountServiceId },
    { key: ClanforgeImageId, value: input.imageId },
    ...(input.gameBuild ? [{ key: GameBuild, value: input.gameBuild }] : []),
  ];
  const current = workflowInfo().typedSearchAttributes;
  const missing = wanted.filter((pair) => current.get(pair.key) !== pair.value);
  if (missing.length === 0) return;
  upsertSearchAttributes(missing);
}
