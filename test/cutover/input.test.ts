import { describe, expect, it } from 'vitest';
import { statusQuery } from '../../src/contract/rollout/messages';
import { parseRolloutInput } from '../../src/contract/rollout/input';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { CUTOVER_ASID, fleetsDocument, RESERVATION } from './fleets';

// Issue 21, bad input: refused before anything is created, naming the field.
const base = { accountServiceId: CUTOVER_ASID, imageId: 43, machineId: 7 };

describe('cutover input', () => {
  it.each([
    [{ fleetId: 'f', profileId: 1, timeout: '15' }, 'cutover.timeout: must be a Go duration with a unit'],
    [{ fleetId: 'f', profileId: 1, timeout: 'soon' }, 'cutover.timeout: must be a Go duration with a unit'],
    [{ fleetId: 'f', profileId: 0 }, 'cutover.profileId: must be a positive integer'],
    [{ profileId: 1 }, 'cutover.fleetId: is required'],
    [{ fleetId: 'f', profileId: 1, minActivePercent: 101 }, 'cutover.minActivePercent: must be a number from 0 to 100'],
    [{ fleetId: 'f', profileId: 1, onUnhealthy: 'ignore' }, 'cutover.onUnhealthy: must be "rollback" or "pause"'],
    [{ fleetId: 'f', profileId: 1, maxMachines: 0 }, 'cutover.maxMachines: must be an integer >= 1'],
    [{ fleetId: 'f', profileId: 1, healthWebhookUrl: 'ftp://x' }, 'cutover.healthWebhookUrl: must be an http(s) URL'],
    [{ fleetId: 'f', profileId: 1, bake: 3 }, 'cutover.bake: unknown field'],
  ])('%j is refused: %s', (cutover, problem) => {
    expect(() => parseRolloutInput({ ...base, cutover })).toThrow(problem);
  });

  it('fills the defaults', () => {
    expect(parseRolloutInput({ ...base, cutover: { fleetId: 'f', profileId: 2 } }).cutover).toEqual({
      fleetId: 'f',
      profileId: 2,
      fleetKind: 'reservation',
      timeout: '15m',
      bakeMinutes: 10,
      minActivePercent: 95,
      onUnhealthy: 'rollback',
    });
  });
});

describe('a cutover Clanforge refuses', () => {
  const h = useRolloutHarness({ speed: 60, fleets: fleetsDocument });

  it.each([
    [
      { fleetId: RESERVATION, profileId: 777 },
      'cutover.profileId: profile 777 is not on fleet f-res (its profiles: 501, 502)',
    ],
    [{ fleetId: RESERVATION, profileId: 501 }, 'cutover.profileId: profile 501 is already live on fleet f-res'],
    [{ fleetId: 'f-nowhere', profileId: 501 }, 'cutover.fleetId: fleet f-nowhere has no profile on ASID 7101'],
  ])(
    '%j fails before any create: %s',
    async (cutover, problem) => {
      const { workflowId } = await h.rollouts.startRollout({ ...base, imageId: 42, cutover });
      await expect(h.rollouts.result(workflowId)).rejects.toThrow();
      const status = await h.rollouts.handle(workflowId).query(statusQuery);
      expect(status).toMatchObject({ phase: 'failed', created: { diffIds: [], updateIds: [], imageVersionIds: [] } });
      expect(status.lastError).toContain(problem);
    },
    60_000,
  );
});
