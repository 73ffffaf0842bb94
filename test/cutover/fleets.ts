/** The fleets the cutover tests run on (simulator `--fleets`): one reservation, one allocation fleet per ASID. */
export const CUTOVER_ASID = 7101;

export const RESERVATION = 'f-res';
export const ALLOCATION = 'f-alloc';
/** Live before every test: image 42 on profile 501 (reservation), 601 (allocation). */
export const fleetsDocument = {
  fleets: [
    {
      fleetId: RESERVATION,
      accountServiceId: CUTOVER_ASID,
      kind: 'reservation',
      machines: 10,
      serversPerMachine: 4,
      liveProfileId: 501,
      profiles: [
        { profileId: 501, imageId: 42, name: 'A' },
        { profileId: 502, imageId: 43, name: 'B' },
      ],
    },
    {
      fleetId: ALLOCATION,
      accountServiceId: CUTOVER_ASID,
      kind: 'allocation',
      machines: 4,
      serversPerMachine: 2,
      liveProfileId: 601,
      profiles: [
        { profileId: 601, imageId: 52, name: 'A' },
        { profileId: 602, imageId: 53, name: 'B' },
      ],
    },
  ],
};

/**
 * A small reservation fleet of its own for each test of a file (the live profile changes as
 * tests go live): fleet `f-<n>` runs image 100+2n on profile 1000+2n; image 101+2n on
 * profile 1001+2n is idle.
 */
export function smallFleet(n: number, kind: 'reservation' | 'allocation' = 'reservation') {
  return {
    fleetId: `f-${n}`,
    accountServiceId: CUTOVER_ASID,
    kind,
    machines: 4,
    serversPerMachine: 2,
    liveProfileId: 1000 + 2 * n,
    profiles: [
      { profileId: 1000 + 2 * n, imageId: 100 + 2 * n, name: 'A' },
      { profileId: 1001 + 2 * n, imageId: 101 + 2 * n, name: 'B' },
    ],
  };
}

/** The rollout that takes fleet `f-<n>` live on its idle side. */
export function idleSide(n: number) {
  return { fleetId: `f-${n}`, imageId: 101 + 2 * n, profileId: 1001 + 2 * n, liveProfileId: 1000 + 2 * n };
}
