import { describe, expect, it } from 'vitest';
import { releaseInputProblems } from '../support/releaseInputProblems';
import { candidateRolloutInputsOf, parseReleaseInput, rolloutInputsOf } from '../../src/contract/release/input';

const side = (imageId: number, profileId: number) => ({ imageId, machineId: imageId + 1000, profileId });
const pair = (fleetId: string, extra: Record<string, unknown> = {}) => ({
  accountServiceId: 1001,
  pair: { fleetId, images: [side(42, 501), side(43, 502)] },
  ...extra,
});

const problems = releaseInputProblems;

describe('release input: cutover and pair', () => {
  it("gives each image of a pair a cutover to its own profile, with defaults.cutover's options", () => {
    const release = parseReleaseInput({
      releaseId: 'r',
      defaults: { cutover: { bakeMinutes: 0, maxMachines: 5 } },
      images: [pair('f-1')],
    });
    expect(candidateRolloutInputsOf(release).map((input) => [input.imageId, input.machineId, input.cutover])).toEqual([
      [
        42,
        1042,
        expect.objectContaining({
          fleetId: 'f-1',
          fleetKind: 'reservation',
          profileId: 501,
          bakeMinutes: 0,
          maxMachines: 5,
        }),
      ],
      [
        43,
        1043,
        expect.objectContaining({
          fleetId: 'f-1',
          fleetKind: 'reservation',
          profileId: 502,
          bakeMinutes: 0,
          maxMachines: 5,
        }),
      ],
    ]);
  });

  it("merges an image's own cutover over defaults.cutover, and leaves images without one alone", () => {
    const release = parseReleaseInput({
      releaseId: 'r',
      defaults: { cutover: { bakeMinutes: 1, minActivePercent: 50 } },
      images: [
        { accountServiceId: 1001, imageId: 5, machineId: 6, cutover: { fleetId: 'f-9', profileId: 7, bakeMinutes: 3 } },
        { accountServiceId: 1001, imageId: 8, machineId: 9 },
      ],
    });
    const [withCutover, without] = rolloutInputsOf(release);
    expect(withCutover!.cutover).toEqual({
      fleetId: 'f-9',
      profileId: 7,
      fleetKind: 'reservation',
      timeout: '15m',
      bakeMinutes: 3,
      minActivePercent: 50,
      onUnhealthy: 'rollback',
    });
    expect(without!.cutover).toBeUndefined();
  });

  it('refuses two equal profiles or imageIds in a pair, naming the field', () => {
    expect(
      problems({
        releaseId: 'r',
        images: [{ accountServiceId: 1001, pair: { fleetId: 'f-1', images: [side(42, 501), side(42, 501)] } }],
      }),
    ).toEqual([
      'images[0].pair.images[1].profileId: must differ from images[0].profileId (501): each image of a pair has its own profile',
      'images[0].pair.images[1].imageId: must differ from images[0].imageId (42): a pair is two images',
    ]);
    expect(
      problems({
        releaseId: 'r',
        images: [{ accountServiceId: 1001, pair: { fleetId: 'f-1', images: [side(42, 501)] } }],
      }),
    ).toEqual(['images[0].pair.images: must list exactly two images, { imageId, machineId, profileId } each']);
  });

  it('refuses a pair together with imageId, machineId or cutover, and an entry with neither', () => {
    expect(
      problems({
        releaseId: 'r',
        images: [
          pair('f-1', { imageId: 3, machineId: 4, cutover: { fleetId: 'f-1', profileId: 501 } }),
          { accountServiceId: 1001 },
        ],
      }),
    ).toEqual([
      'images[0].imageId: cannot be given with pair: the pair names both images, and cutover options go in defaults.cutover',
      'images[0].machineId: cannot be given with pair: the pair names both images, and cutover options go in defaults.cutover',
      'images[0].cutover: cannot be given with pair: the pair names both images, and cutover options go in defaults.cutover',
      'images[1].imageId: is required (or give pair)',
      'images[1].machineId: is required (or give pair)',
    ]);
  });

  it('refuses maxMachines on an allocation pair, where it was given (defaults.cutover), once', () => {
    const allocation = (fleetId: string, accountServiceId: number) => ({
      accountServiceId,
      pair: { fleetId, fleetKind: 'allocation', images: [side(42, 501), side(43, 502)] },
    });
    expect(
      problems({ releaseId: 'r', defaults: { cutover: { maxMachines: 2 } }, images: [allocation('f-a', 1001)] }),
    ).toEqual([
      'defaults.cutover.maxMachines: applies to reservation fleets only (an allocation fleet changes profile per allocation): images[0].pair is allocation fleet f-a',
    ]);
  });

  it("refuses per-fleet fields in defaults.cutover, and a pair's image given again", () => {
    expect(
      problems({
        releaseId: 'r',
        defaults: { cutover: { fleetId: 'f-1', profileId: 501, bakeMinutes: -1 } },
        images: [pair('f-1'), { accountServiceId: 1001, imageId: 43, machineId: 7, wave: 2 }],
      }),
    ).toEqual([
      'defaults.cutover.bakeMinutes: must be a number of minutes from 0 to 10080',
      "defaults.cutover.fleetId: fleetId belongs to each image's cutover (or its pair)",
      "defaults.cutover.profileId: profileId belongs to each image's cutover (or its pair)",
      'images[1]: duplicate of images[0] (image 43 on ASID 1001): an image moves once per release',
    ]);
  });
});
