import { condition, workflowInfo } from '@temporalio/workflow';
import type { CutoverOptions } from '../../../contract/cutover/input';
import { healthText, type CutoverStatus, type RollbackTrigger } from '../../../contract/cutover/status';
import { reads } from '../../shared/activities';
import { persist, type RolloutContext } from '../context';

export type BakeVerdict = { kind: 'healthy' } | { kind: 'rollback'; trigger: RollbackTrigger; reason: string };

/** A gate that does not answer this many checks in a row counts as unhealthy. */
const GATE_SILENCES = 3;
/** Checks per bake (at most one a minute, at least one a second). */
const CHECKS_PER_BAKE = 10;

/**
 * The bake: the new profile's health is checked for `bakeMinutes` (about ten checks, at most one
 * a minute), each a short activity; between checks a durable timer that an operator's rollback
 * ends at once. The first unhealthy check ends the bake: rolled back, or (onUnhealthy "pause")
 * an operator decides.
 */
export async function bake(ctx: RolloutContext, c: CutoverOptions, cutover: CutoverStatus): Promise<BakeVerdict> {
  const { tracker, inbox, input } = ctx;
  const bakeMs = c.bakeMinutes * 60_000;
  const endsAt = Date.now() + bakeMs;
  const every = Math.min(60_000, Math.max(1_000, bakeMs / CHECKS_PER_BAKE));
  cutover.bakeEndsAt = new Date(endsAt).toISOString();
  const operatorRollback = (): BakeVerdict & { kind: 'rollback' } => ({
    kind: 'rollback',
    trigger: 'operator',
    reason: inbox.rollbackRequest?.reason ?? 'rollback by operator',
  });
  for (let gateSilences = 0; ;) {
    const h = await persist(ctx, 'bake', () =>
      reads.checkCutoverHealth({
        accountServiceId: input.accountServiceId,
        imageId: input.imageId,
        profileId: c.profileId,
        minActivePercent: c.minActivePercent,
        healthWebhookUrl: c.healthWebhookUrl,
        context: {
          rolloutId: workflowInfo().workflowId,
          fleetId: c.fleetId,
          profileId: c.profileId,
          previousProfileId: cutover.previousProfileId,
          imageId: input.imageId,
          gameBuild: input.gameBuild,
          bakeEndsAt: cutover.bakeEndsAt,
        },
      }),
    );
    gateSilences = h.webhook === 'unknown' ? gateSilences + 1 : 0;
    const unhealthy =
      h.verdict === 'unhealthy'
        ? h.reason
        : gateSilences >= GATE_SILENCES
          ? `the health gate did not answer ${GATE_SILENCES} checks in a row (${h.reason})`
          : undefined;
    cutover.health = {
      verdict: unhealthy ? 'unhealthy' : h.verdict,
      activePercent: h.activePercent,
      reason: unhealthy ?? h.reason,
      checkedAt: h.checkedAt,
    };
    tracker.describe(`baking: ${healthText(cutover, Date.now())}`);
    if (unhealthy) {
      tracker.cutoverEvent('unhealthy', `profile ${c.profileId} is unhealthy: ${unhealthy}`);
      if (c.onUnhealthy === 'rollback') return { kind: 'rollback', trigger: 'health', reason: unhealthy };
      tracker.awaitPerson(
        'awaiting-operator',
        'bake',
        `profile ${c.profileId} is unhealthy on fleet ${c.fleetId}: ${unhealthy}. Signal rollback to switch the fleet back to profile ${cutover.previousProfileId}, proceed to keep profile ${c.profileId} live and complete, or cancel (switches back)`,
        ['rollback', 'proceed', 'cancel'],
      );
      const action = await inbox.waitFor(['rollback', 'proceedNow']);
      if (action === 'rollback') {
        return { ...operatorRollback(), reason: inbox.rollbackRequest?.reason ?? `unhealthy: ${unhealthy}` };
      }
      tracker.note('bake', `kept live by an operator although unhealthy: ${unhealthy}`);
      return { kind: 'healthy' };
    }
    if (Date.now() >= endsAt) {
      tracker.note('bake', `baked ${c.bakeMinutes} min: ${h.reason}`);
      return { kind: 'healthy' };
    }
    if (await condition(() => inbox.rollbackRequest !== undefined, Math.min(every, endsAt - Date.now()))) {
      return operatorRollback();
    }
  }
}
