import type { FleetLive } from '../client';
import { rows } from './format';

/** `live --fleet F` in words: the live profile, its image and build, and what made it live. */
export function formatLive(live: FleetLive): string {
  if (live.profileId === undefined || !live.madeLiveBy)
    return `fleet ${live.fleetId}: no rollout or rollback in Temporal switched it (no workflow with ClanforgeFleetId ${live.fleetId} completed a cutover)\n${rows([['clanforge', clanforgeText(live)]])}\n`;
  const maker = live.madeLiveBy;
  const how =
    maker.workflowType === 'rollback'
      ? `rollback ${maker.workflowId}${maker.by ? ` by ${maker.by}` : ''}${maker.reason ? `: ${maker.reason}` : ''}`
      : `rollout ${maker.workflowId} (${maker.phase === 'rolled-back' ? 'rolled back its own cutover' : 'cutover completed'})`;
  const image =
    live.imageId === undefined
      ? 'unknown (no rollout in Temporal made this profile live)'
      : `${live.imageId}${live.imageRolloutId && live.imageRolloutId !== maker.workflowId ? ` (from rollout ${live.imageRolloutId})` : ''}`;
  const body = rows([
    ['live profile', live.profileId],
    ['image', image],
    ['game build', live.imageId === undefined ? undefined : (live.gameBuild ?? '-')],
    ['made live by', how],
    ['at', maker.closedAt],
    ['clanforge', clanforgeText(live)],
  ]);
  return `fleet ${live.fleetId}\n${body}\n`;
}

/** What Clanforge's switch status says, and whether it agrees with Temporal's account. */
function clanforgeText(live: FleetLive): string | undefined {
  const c = live.clanforge;
  if (!c) return undefined;
  if ('error' in c) return `switch status not read: ${c.error}`;
  const counts = `${c.serversProcessed}/${c.serversPending + c.serversProcessed} servers processed`;
  const switched = `switch ${c.state} to profile ${c.profileId} (${counts})`;
  const agrees = live.profileId === undefined || live.profileId === c.profileId;
  return agrees ? switched : `${switched}: NOT the profile above, switched outside these workflows`;
}
