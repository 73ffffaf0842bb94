import {
  ApplicationFailure,
  CancellationScope,
  condition,
  proxySinks,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { ClanforgeFleetId } from '../../../contract/searchAttributes';
import { unregisteredAttributes } from '../../shared/searchAttributes';
import type { RolloutMetricsSinks } from '../../../contract/metricsSinks';
import { cutoverTimeoutMs, type CutoverOptions } from '../../../contract/cutover/input';
import type { CutoverStatus, RollbackTrigger } from '../../../contract/cutover/status';
import { reads } from '../../shared/activities';
import { persist, type RolloutContext } from '../context';
import { switchFleet, type SwitchWatcher } from '../../shared/fleetSwitch';
import { bake } from './bake';
import { waitForWindow } from './window';
import { heldWhileFrozen } from '../../shared/freezeHold';

const { rolloutMetrics } = proxySinks<RolloutMetricsSinks>();

export type CutoverOutcome = { phase: 'completed' } | { phase: 'rolled-back'; reason: string };

/**
 * Step 7 (input `cutover`): go live. The profile live now is read (someone else's switch is
 * waited for, never overridden), the fleet is switched to this image's profile (reservation) or
 * the new profile announced and the old allocations drained (allocation), then the new profile
 * bakes with health checks. Unhealthy, an operator's `rollback` or a cancel switch it back.
 */
export async function runCutover(ctx: RolloutContext): Promise<CutoverOutcome> {
  const { tracker, inbox } = ctx;
  const c = ctx.input.cutover!;
  const cutover: CutoverStatus = (tracker.status.cutover ??= {
    fleetId: c.fleetId,
    fleetKind: c.fleetKind,
    profileId: c.profileId,
    state: 'preparing',
    serversPending: 0,
    serversProcessed: 0,
    rolledBack: false,
  });
  // Started only inside a window, and never while frozen (checked here for both fleet kinds: an
  // allocation fleet's cutover sends nothing a create check could hold).
  await waitForWindow(ctx, 'cutover', c.windows ?? ctx.input.windows);
  await heldWhileFrozen(tracker, 'cutover', () => reads.freezeCheck({ create: 'cutover' }));
  tracker.enter('cutting-over', 'cutover', `going live on fleet ${c.fleetId}: profile ${c.profileId}`);
  tracker.attempt('cutover');
  inbox.rollbackOpen = true;
  try {
    cutover.previousProfileId ??= await persist(ctx, 'cutover', () => liveProfile(ctx, c));
    cutover.state = 'switching';
    tracker.cutoverEvent(
      'cutover-started',
      `cutover started: fleet ${c.fleetId} from profile ${cutover.previousProfileId} to ${c.profileId}`,
    );
    const switched = await raceRollback(ctx, () => goLive(ctx, c, cutover));
    if (!switched) return await rollBack(ctx, 'operator', inbox.rollbackRequest?.reason ?? 'rollback by operator');
    cutover.state = 'baking';
    tracker.cutoverEvent('cutover-complete', `fleet ${c.fleetId} is on profile ${c.profileId}: baking`);
    tracker.enter('baking', 'bake', `baking for ${c.bakeMinutes} min on profile ${c.profileId}`);
    const verdict = await bake(ctx, c, cutover);
    if (verdict.kind === 'rollback') return await rollBack(ctx, verdict.trigger, verdict.reason);
    cutover.state = 'complete';
    cutover.bakeEndsAt = undefined;
    rolloutMetrics.cutoverEnded('completed');
    return { phase: 'completed' };
  } finally {
    inbox.rollbackOpen = false;
  }
}

/**
 * Before anything is created: the cutover's fleet and profile are checked against Clanforge (the
 * profile is one of the fleet's, not the live one), and the rollout is made findable by its fleet.
 * Returns the problems, each naming its field; empty when the cutover can go ahead.
 */
export async function checkCutover(ctx: RolloutContext): Promise<string[]> {
  const c = ctx.input.cutover!;
  const plan = await persist(ctx, 'cutover', () =>
    reads.cutoverPlan({
      accountServiceId: ctx.input.accountServiceId,
      fleetId: c.fleetId,
      fleetKind: c.fleetKind,
      profileId: c.profileId,
    }),
  );
  if (plan.problems.length > 0) return plan.problems;
  const missing = await unregisteredAttributes(
    [{ name: ClanforgeFleetId.name, consequence: `live --fleet ${c.fleetId} cannot name this rollout` }],
    (text) => ctx.tracker.warnUntilEnd('cutover', text),
  );
  if (!missing.has(ClanforgeFleetId.name)) upsertSearchAttributes([{ key: ClanforgeFleetId, value: c.fleetId }]);
  return [];
}

/** The profile live on the fleet now, after any switch still running there has ended. */
async function liveProfile(ctx: RolloutContext, c: CutoverOptions): Promise<number> {
  const asid = ctx.input.accountServiceId;
  for (;;) {
    const plan = await reads.cutoverPlan({
      accountServiceId: asid,
      fleetId: c.fleetId,
      fleetKind: c.fleetKind,
      profileId: c.profileId,
    });
    if (plan.problems.length > 0) {
      throw ApplicationFailure.create({
        type: 'CutoverRefused',
        message: plan.problems.join('; '),
        nonRetryable: true,
      });
    }
    if (plan.switchInProgress) {
      const other = plan.switchInProgress;
      ctx.tracker.note(
        'cutover',
        `fleet ${c.fleetId} is switching to profile ${other.profileId} (${other.state}, ${other.serversPending} servers pending), not by this rollout: waiting for it to end`,
      );
      await ctx.followers.followFleetSwitch({
        fleetId: c.fleetId,
        profileId: other.profileId,
        startedAtMs: Date.now(),
      });
      continue;
    }
    if (plan.liveProfileId === undefined) throw new Error(`fleet ${c.fleetId}: no live profile could be read`);
    return plan.liveProfileId;
  }
}

/** Reservation: switch and follow; allocation: announce and drain the old profile's allocations. */
async function goLive(ctx: RolloutContext, c: CutoverOptions, cutover: CutoverStatus): Promise<void> {
  if (c.fleetKind === 'reservation') {
    await persist(ctx, 'cutover', () => switchFleet({ ...c, purpose: 'cutover' }, watcherOf(ctx, cutover)));
    return;
  }
  ctx.tracker.cutoverEvent(
    'cutover',
    `profile ${c.profileId} is live on allocation fleet ${c.fleetId}: allocate with profileid=${c.profileId}`,
  );
  const drained = await persist(ctx, 'cutover', () =>
    ctx.followers.followAllocationDrain({
      accountServiceId: ctx.input.accountServiceId,
      profileId: cutover.previousProfileId!,
      deadlineMs: Date.now() + cutoverTimeoutMs(c),
    }),
  );
  cutover.serversPending = drained.allocated;
  ctx.tracker.note(
    'cutover',
    drained.timedOut
      ? `${drained.allocated} servers still allocated on profile ${cutover.previousProfileId} at the timeout (${c.timeout}): their matches go on`
      : `no server is allocated on profile ${cutover.previousProfileId} any more`,
  );
}

/** Runs `body` until it ends or an operator's rollback arrives (then it is cancelled): true when it ended. */
async function raceRollback(ctx: RolloutContext, body: () => Promise<void>): Promise<boolean> {
  const scope = new CancellationScope();
  let ended = false;
  const work = scope.run(body).then(() => (ended = true));
  await Promise.race([work, condition(() => ctx.inbox.rollbackRequest !== undefined)]);
  if (ended) return true;
  scope.cancel();
  await work.catch(() => undefined);
  return ended;
}

/**
 * Switches the fleet back to the profile live before (a rollback: the old image is still
 * installed), follows it to the end and ends the cutover rolled back. Used for health, an
 * operator's rollback and (with trigger `cancel`) the cleanup after a cancel.
 */
export async function rollBack(ctx: RolloutContext, trigger: RollbackTrigger, reason: string): Promise<CutoverOutcome> {
  const { tracker } = ctx;
  const c = ctx.input.cutover!;
  const cutover = tracker.status.cutover!;
  const back = cutover.previousProfileId;
  const by = trigger === 'operator' ? ctx.inbox.rollbackRequest?.by : undefined;
  cutover.state = 'rolling-back';
  cutover.rollbackTrigger = trigger;
  cutover.rollbackReason = reason;
  if (by) cutover.rollbackBy = by;
  cutover.bakeEndsAt = undefined;
  if (back === undefined) {
    tracker.note('cutover', `nothing to roll back: no profile was live on fleet ${c.fleetId} before`);
  } else {
    tracker.enter(
      'cutting-over',
      'cutover',
      `rolling back fleet ${c.fleetId} to profile ${back} (${trigger}): ${reason}`,
    );
    if (c.fleetKind === 'reservation') {
      const switchBack = () => switchFleet({ ...c, profileId: back, purpose: 'rollback' }, watcherOf(ctx, cutover));
      // After a cancel nobody can answer a retry: a failure is reported by the cleanup instead.
      await (trigger === 'cancel' ? switchBack() : persist(ctx, 'cutover', switchBack));
    } else {
      tracker.cutoverEvent(
        'cutover',
        `profile ${back} is live again on allocation fleet ${c.fleetId}: allocate with profileid=${back}`,
      );
    }
  }
  cutover.state = 'rolled-back';
  cutover.rolledBack = true;
  rolloutMetrics.rolledBack(trigger);
  rolloutMetrics.cutoverEnded(trigger === 'cancel' ? 'cancelled' : 'rolled-back');
  const every =
    c.fleetKind === 'reservation' && back !== undefined
      ? `; every server is back on profile ${back} (${cutover.serversProcessed}/${cutover.serversProcessed + cutover.serversPending})`
      : '';
  tracker.cutoverEvent('rolled-back', `rolled back (${trigger}${by ? ` by ${by}` : ''}): ${reason}${every}`);
  return { phase: 'rolled-back', reason: `rolled back (${trigger}): ${reason}` };
}

/** The switch's progress into the rollout's status and timeline. */
function watcherOf(ctx: RolloutContext, cutover: CutoverStatus): SwitchWatcher {
  return {
    note: (text) => ctx.tracker.note('cutover', text),
    held: (create, state) => ctx.tracker.held(create, state),
    released: (create, state) => ctx.tracker.released(create, state),
    progress: (s) => {
      cutover.serversPending = s.serversPending;
      cutover.serversProcessed = s.serversProcessed;
      ctx.tracker.describe(`switching fleet ${cutover.fleetId} to profile ${s.profileId}: ${s.state}`);
    },
  };
}
