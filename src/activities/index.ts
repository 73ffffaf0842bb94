import type { ClanforgeClient } from '../clanforge/client';
import { followFleetActivity } from './followFleetInstalls';
import { followJobActivity } from './followJob';
import { JobTimes } from './jobTimes';
import { FreezeGate } from './freezeGate';
import { fleetSwitchActivities } from './fleetSwitch';
import { cutoverHealthActivity } from './cutoverHealth';
import { imageDiffActivities } from './imageDiff';
import { imageInstallActivities } from './imageInstall';
import { installsPageActivity } from './installsPage';
import { imageUpdateActivities } from './imageUpdate';
import { imageVersionActivities } from './imageVersion';
import { notifyWebhookActivity } from './notifyWebhook';
import { deliverWebhookActivity } from './deliverWebhookEvent';
import type { NotificationOutcome } from '../contract/webhookEvents';
import { resolvePolicy, type PollPolicy } from './pollSchedule';
import { releaseActivities } from './releaseRollouts';
import { imageOptionsActivity } from './imageOptions';
import { lockHolderActivity } from './lockHolder';
import { fullImageActivity } from './fullImage';
import { searchAttributesActivity } from './searchAttributes';
import { laterCutoverActivity } from './laterCutover';
import type { WebhookStyle } from './webhookFormat';

/**
 * All activities, bound to one Clanforge client (and so to the worker's credentials, which never
 * pass through workflow input or history).
 */
export function createActivities(
  client: ClanforgeClient,
  options: {
    pollPolicy?: Partial<PollPolicy>;
    webhookUrl?: string;
    webhookStyle?: WebhookStyle;
    onNotification?: (outcome: NotificationOutcome) => void;
  } = {},
) {
  const pollPolicy = resolvePolicy(options.pollPolicy);
  // One worker's learned job timings, shared by the job and fleet followers (a single queue).
  const times = new JobTimes();
  // One worker's reader of the emergency freeze, asked by every create (freezeGate.ts).
  const freeze = new FreezeGate();
  return {
    ...imageUpdateActivities(client, freeze),
    ...imageDiffActivities(client, freeze),
    ...imageVersionActivities(client, freeze),
    ...imageInstallActivities(client),
    ...followJobActivity(client, pollPolicy, times),
    ...followFleetActivity(client, freeze, pollPolicy, times),
    ...fleetSwitchActivities(client, freeze, pollPolicy),
    ...freeze.activities(),
    ...cutoverHealthActivity(client),
    ...installsPageActivity(client),
    ...notifyWebhookActivity(options.webhookUrl, options.webhookStyle),
    ...deliverWebhookActivity({
      webhookUrl: options.webhookUrl,
      style: options.webhookStyle,
      timeScale: pollPolicy.timeScale,
      onOutcome: options.onNotification,
    }),
    ...releaseActivities(pollPolicy),
    ...imageOptionsActivity(client),
    ...lockHolderActivity(),
    ...fullImageActivity(),
    ...searchAttributesActivity(),
    ...laterCutoverActivity(),
  };
}

export type RolloutActivities = ReturnType<typeof createActivities>;
export type { FollowJobInput, FollowJobResult } from './followJob';
export type { FollowWarning, WarningKind, WatchClock, WatchRequest } from './stuckWatch';
export type { FollowFleetInput, FollowFleetResult } from './followFleetInstalls';
export type { CutoverPlan, DrainResult, FollowSwitchResult } from './fleetSwitch';
export type { FleetSwitchStatus } from '../clanforge/fleetSchemas';
export type { HealthCheckResult } from './cutoverHealth';
export type { InstallsPage, InstallsPageInput, InstallRow } from './installsPage';
export type { InstallJobSnapshot, QueueResult } from './imageInstall';
export type { DiffSnapshot, RejectResult } from './imageDiff';
export type { PollPolicy };
export type { RolloutOutcome } from './releaseRollouts';
