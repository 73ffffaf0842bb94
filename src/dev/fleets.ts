/**
 * The fleets `npm run dev`'s simulator serves, for going live locally (docs/tutorial/go-live.md):
 * a reservation fleet whose two images are an A/B pair, and an allocation fleet. Images 44/45
 * and 54/55 are theirs; the quick start's image 42 is not on a fleet.
 */
export const DEV_FLEETS = {
  fleets: [
    {
      fleetId: 'f-dev',
      accountServiceId: 1001,
      kind: 'reservation',
      machines: 10,
      serversPerMachine: 4,
      liveProfileId: 501,
      profiles: [
        { profileId: 501, imageId: 44, name: 'A' },
        { profileId: 502, imageId: 45, name: 'B' },
      ],
    },
    {
      fleetId: 'f-dev-alloc',
      accountServiceId: 1001,
      kind: 'allocation',
      machines: 4,
      serversPerMachine: 2,
      liveProfileId: 601,
      profiles: [
        { profileId: 601, imageId: 54, name: 'A' },
        { profileId: 602, imageId: 55, name: 'B' },
      ],
    },
  ],
};
