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
