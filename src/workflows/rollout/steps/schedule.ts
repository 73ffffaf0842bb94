import type { RolloutContext } from '../context';
import { installAtSeconds } from '../../../contract/rollout/input';
import { countdownText } from '../../../contract/countdown';

/**
 * Step 4: wait until `installAt` on a durable timer (worker or server restarts change nothing);
 * `proceedNow` ends the wait early. Returns the install_at to send, or undefined for now.
 */
export async function waitForInstallTime(ctx: RolloutContext): Promise<number | undefined> {
  const { input, tracker, inbox } = ctx;
  const at = installAtSeconds(input.installAt);
  if (at === undefined) return undefined;
  tracker.status.installAt = new Date(at * 1000).toISOString();
  const waitMs = at * 1000 - Date.now();
  if (waitMs <= 0) {
    // Asked for now, as without installAt: a time already gone is not forwarded to Clanforge.
    tracker.note('schedule', 'install time already passed; proceeding now');
    return undefined;
  }
  tracker.attempt('schedule');
  // The countdown as of now; readers (client, CLI) work out the current one.
  const countdown = countdownText(tracker.status.installAt, Date.now());
  tracker.awaitPerson(
    'scheduled',
    'schedule',
    `waiting until ${tracker.status.installAt} to create the version (${countdown} as of ${new Date().toISOString().slice(11, 16)} UTC)`,
    ['proceedNow', 'cancel'],
  );
  const action = await inbox.waitFor(['proceedNow'], waitMs);
  if (action === 'proceedNow') {
    tracker.note('schedule', 'proceeding now, before install time');
    return undefined;
  }
  return at;
}
