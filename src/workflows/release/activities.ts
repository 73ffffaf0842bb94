import { proxyActivities } from '@temporalio/workflow';
import type { RolloutActivities } from '../../activities';

/**
 * Looks at an adopted rollout until it ends: each attempt is one look and says when the next
 * is due (NotDoneYet's retry delay), so between looks nothing runs and history does not grow.
 */
export const adoptedWatch = proxyActivities<RolloutActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
