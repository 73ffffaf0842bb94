import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The contract's search attributes; `npm run dev` and the test server register exactly these. */
export const ClanforgeAccountServiceId = defineSearchAttributeKey('ClanforgeAccountServiceId', SearchAttributeType.INT);
export const ClanforgeImageId = defineSearchAttributeKey('ClanforgeImageId', SearchAttributeType.INT);
export const GameBuild = defineSearchAttributeKey('GameBuild', SearchAttributeType.KEYWORD);
/** A rollout's phase; on a release, the release's phase. */
export const RolloutPhase = defineSearchAttributeKey('RolloutPhase', SearchAttributeType.KEYWORD);
/** Set when a rollout creates its version: whether it was full (input fullEvery counts from these). */
export const ClanforgeFullImage = defineSearchAttributeKey('ClanforgeFullImage', SearchAttributeType.BOOL);
/** On a release and on each rollout it starts: finds everything one release moved. */
export const ReleaseId = defineSearchAttributeKey('ReleaseId', SearchAttributeType.KEYWORD);
/** On every rollout with a cutover and on rollback workflows: finds what went live on a fleet. */
export const ClanforgeFleetId = defineSearchAttributeKey('ClanforgeFleetId', SearchAttributeType.KEYWORD);

/** `Name=Type` pairs as `temporal server start-dev --search-attribute` and `operator` take them. */
export const SEARCH_ATTRIBUTE_FLAGS: readonly string[] = [
  'ClanforgeAccountServiceId=Int',
  'ClanforgeImageId=Int',
  'GameBuild=Keyword',
  'RolloutPhase=Keyword',
  'ReleaseId=Keyword',
  'ClanforgeFullImage=Bool',
  'ClanforgeFleetId=Keyword',
];

/** The type `temporal operator search-attribute create` takes for one of ours (`Keyword` for a name it does not know). */
export function searchAttributeType(name: string): string {
  const flag = SEARCH_ATTRIBUTE_FLAGS.find((f) => f.split('=')[0] === name);
  return flag?.split('=')[1] ?? 'Keyword';
}

/** The command an operator runs to create a missing attribute (Temporal Cloud: `tcld namespace search-attributes add` instead). */
export function searchAttributeCreateCommand(namespace: string, name: string): string {
  return `temporal operator search-attribute create --namespace ${namespace} --name ${name} --type ${searchAttributeType(name)}`;
}

/** The status warning of a workflow that skipped a missing attribute, with what it costs and the fix. */
export function missingSearchAttributeWarning(namespace: string, name: string, consequence: string): string {
  return `search attribute ${name} is not registered in namespace ${namespace}, so it was not set (${consequence}); create it: ${searchAttributeCreateCommand(namespace, name)}`;
}
