import type { RolloutContext } from '../context';
import type { DeploymentWindow } from '../../../contract/windows/input';
import { nextOpening } from '../../../contract/windows/nextOpening';
import { countdownText } from '../../../contract/countdown';

/**
 * Before the version create and the cutover (input `windows`, `cutover.windows`): outside every
 * window the rollout waits in `scheduled` on a durable timer until the next one opens (its
 * countdown in the status); `proceedNow` ends the wait early. A job already running when a window
 * closes is not cut: windows gate only what starts. Returns whether it waited.
 */
export async function waitForWindow(
  ctx: RolloutContext,
  waitsFor: 'version' | 'cutover',
  windows: readonly DeploymentWindow[] | undefined,
): Promise<boolean> {
  if (!windows) return false;
  const { tracker, inbox } = ctx;
  let waited = false;
  for (;;) {
    const now = Date.now();
    const opening = nextOpening(windows, now);
    if (!opening || opening.opensAt <= now) {
      tracker.status.window = undefined;
      if (waited && opening) tracker.note('schedule', `window ${opening.window} is open: the ${waitsFor} goes ahead`);
      return waited;
    }
    waited = true;
    const opensAt = new Date(opening.opensAt).toISOString();
    tracker.status.window = { opensAt, window: opening.window, waitsFor };
    tracker.attempt('schedule');
    const countdown = countdownText(opensAt, now, waitsFor);
    tracker.awaitPerson(
      'scheduled',
      waitsFor === 'version' ? 'schedule' : 'cutover',
      `outside its deployment windows: the ${waitsFor} waits for ${opening.window}, opening ${opensAt} (${countdown} as of ${new Date(now).toISOString().slice(11, 16)} UTC)`,
      ['proceedNow', 'cancel'],
    );
    const action = await inbox.waitFor(['proceedNow'], opening.opensAt - now);
    if (action === 'proceedNow') {
      tracker.status.window = undefined;
      tracker.note('schedule', `proceeding now, outside its deployment windows`);
      return true;
    }
  }
}
