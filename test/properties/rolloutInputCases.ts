import fc from 'fast-check';

// For every field of the rollout input, values the contract accepts and values it refuses, written
// from the product contract rather than read from the schema: a schema that lets a refused
// value through fails the properties built on this table.

type Kind = 'number' | 'string' | 'boolean' | 'object';

/** JSON values of every kind but `kind`. */
function notA(kind: Kind): fc.Arbitrary<unknown> {
  const kinds: Record<Kind | 'null' | 'array' | 'object', fc.Arbitrary<unknown>> = {
    number: fc.integer(),
    string: fc.string({ maxLength: 10 }),
    boolean: fc.boolean(),
    null: fc.constant(null),
    array: fc.array(fc.integer(), { maxLength: 3 }),
    object: fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  };
  return fc.oneof(...Object.entries(kinds).flatMap(([k, arbitrary]) => (k === kind ? [] : [arbitrary])));
}

/** "HH:MM" of minutes after midnight. */
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const nonInteger = fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true });

/** Integers from `min` to `max`: valid inside, refused outside, as fractions and as other kinds. */
function intRange(min: number, max: number) {
  return {
    valid: fc.integer({ min, max }),
    invalid: fc.oneof(
      fc.integer({ min: min - 1_000_000, max: min - 1 }),
      fc.integer({ min: max + 1, max: max + 1_000_000 }),
      nonInteger,
      notA('number'),
    ),
  };
}

/** A field removed in 1.0.0: no value is valid. */
const REMOVED = { invalid: fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.boolean(), fc.constant(null)) };

const positiveId = {
  valid: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  invalid: fc.oneof(fc.integer({ min: -1_000_000, max: 0 }), nonInteger, notA('number')),
};

const flag = { valid: fc.boolean(), invalid: notA('boolean') };

/** Text from `min` to `max` characters. */
function text(min: number, max: number) {
  return {
    valid: fc.string({ minLength: min, maxLength: Math.min(max, 40) }),
    invalid: fc.oneof(fc.constant(''), fc.string({ minLength: max + 1, maxLength: max + 20 }), notA('string')),
  };
}

/** Minutes above 0, at most a week; fractions allowed. */
const minutes = {
  valid: fc.double({ min: 0.001, max: 10_080, noNaN: true }),
  invalid: fc.oneof(
    fc.double({ min: -10_000, max: 0, noNaN: true }),
    fc.double({ min: 10_080.5, max: 1e9, noNaN: true }),
    notA('number'),
  ),
};

export const FIELD_CASES: Record<string, { valid?: fc.Arbitrary<unknown>; invalid: fc.Arbitrary<unknown> }> = {
  accountServiceId: positiveId,
  imageId: positiveId,
  machineId: positiveId,
  gameId: positiveId,
  updateUrl: {
    valid: fc
      .tuple(fc.constantFrom('http', 'https', 's3', 'gs', 'steam'), fc.stringMatching(/^[a-z0-9][a-z0-9/._-]{0,30}$/))
      .map(([scheme, rest]) => `${scheme}://${rest}`),
    invalid: fc.oneof(
      fc.constantFrom('', 'ftp://host/build', 'steam:/depot', 'https://', 'https://a b', 'depot/123'),
      notA('string'),
    ),
  },
  updateDescription: text(1, 500),
  gameBuild: text(1, 100),
  installAt: {
    valid: fc.oneof(
      fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString()),
      fc.nat(),
    ),
    invalid: fc.oneof(
      fc.constantFrom('tomorrow', '2026-12-01T10:00:00', '2026-12-01', '10:00'),
      fc.integer({ min: -1_000_000, max: -1 }),
      nonInteger,
      fc.boolean(),
      fc.constant(null),
    ),
  },
  restart: flag,
  full: flag,
  force: flag,
  notify: flag,
  requireApproval: flag,
  reinstallOnReject: flag,
  disableTimeoutMinutes: {
    valid: fc.integer({ min: 1, max: 100_000 }),
    invalid: fc.oneof(fc.integer({ min: -1_000, max: 0 }), nonInteger, notA('number')),
  },
  disablePercentage: {
    valid: fc.double({ min: 0, max: 100, noNaN: true }),
    invalid: fc.oneof(
      fc.double({ min: -1e6, max: -0.001, noNaN: true }),
      fc.double({ min: 100.001, max: 1e6, noNaN: true }),
      notA('number'),
    ),
  },
  diffRetries: intRange(0, 20),
  retryDelaySeconds: intRange(0, 86_400),
  // Removed in 1.0.0: refused whatever their value.
  followerHeartbeatSeconds: REMOVED,
  polling: REMOVED,
  stuckAfterMinutes: intRange(1, 10_080),
  maxInstallAheadDays: intRange(1, 3650),
  fullEvery: intRange(1, 1000),
  remindEveryMinutes: minutes,
  autoCancelAfterMinutes: minutes,
  windows: {
    valid: fc.array(
      fc
        .record({
          days: fc.oneof(
            fc.constantFrom('Mon-Thu', 'Fri,Sat', 'Fri-Mon', 'Sun', 'Monday', 'mon-sun'),
            fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
          ),
          minutes: fc.uniqueArray(fc.integer({ min: 0, max: 1439 }), { minLength: 2, maxLength: 2 }),
          timeZone: fc.constantFrom('UTC', 'Europe/London', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney'),
        })
        .map(({ days, minutes, timeZone }) => ({
          days,
          start: hhmm(minutes[0]!),
          end: hhmm(minutes[1]!),
          timeZone,
        })),
      { minLength: 1, maxLength: 3 },
    ),
    invalid: fc.oneof(
      notA('object'),
      fc.constant([]),
      fc.constant([{ days: 'Mon', start: '02:00', end: '02:00', timeZone: 'UTC' }]),
      fc.constant([{ days: 'Mon', start: '02:00', end: '03:00', timeZone: 'Mars/Olympus' }]),
      fc.constant([{ days: [0, 8], start: '02:00', end: '03:00', timeZone: 'UTC' }]),
      fc.constant([{ days: 'Mon-Fry', start: '2am', end: '03:00', timeZone: 'UTC' }]),
    ),
  },
  cutover: {
    valid: fc.record(
      {
        fleetId: fc.stringMatching(/^[A-Za-z0-9._:-]{1,40}$/),
        profileId: fc.integer({ min: 1, max: 1e9 }),
        fleetKind: fc.constant('reservation'),
        timeout: fc.constantFrom('15m', '90s', '1h30m', '2h'),
        maxMachines: fc.integer({ min: 1, max: 10_000 }),
        bakeMinutes: fc.double({ min: 0, max: 10_080, noNaN: true }),
        minActivePercent: fc.double({ min: 0, max: 100, noNaN: true }),
        onUnhealthy: fc.constantFrom('rollback', 'pause'),
      },
      { requiredKeys: ['fleetId', 'profileId'] },
    ),
    invalid: fc.oneof(
      notA('object'),
      fc.constant({ profileId: 1 }),
      fc.constant({ fleetId: 'f', profileId: 1, timeout: '15' }),
      fc.constant({ fleetId: 'f', profileId: 1, fleetKind: 'allocation', maxMachines: 2 }),
      fc.constant({ fleetId: 'f', profileId: 1, bake: 1 }),
    ),
  },
};

const REQUIRED = ['accountServiceId', 'imageId', 'machineId'];
/** These two come together or not at all. */
const PAIRED = ['disableTimeoutMinutes', 'disablePercentage'];
const PAIRED_DEFAULT: Record<string, number> = { disableTimeoutMinutes: 10, disablePercentage: 50 };

/** Any input the contract accepts: the required ids, any optional fields, the paired ones together. */
export const validInput: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.record(
      Object.fromEntries(
        Object.entries(FIELD_CASES).flatMap(([field, cases]) =>
          PAIRED.includes(field) || !cases.valid ? [] : [[field, cases.valid]],
        ),
      ),
      { requiredKeys: REQUIRED },
    ),
    fc.option(fc.record(Object.fromEntries(PAIRED.map((field) => [field, FIELD_CASES[field]!.valid!]))), {
      nil: undefined,
    }),
  )
  .map(([fields, paired]) => ({ ...fields, ...paired }));

/** A valid input with one field set to a refused value (its partner kept valid), and that field. */
export const inputWithOneBadField: fc.Arbitrary<{ field: string; input: Record<string, unknown> }> = fc
  .constantFrom(...Object.keys(FIELD_CASES))
  .chain((field) =>
    fc.record({
      field: fc.constant(field),
      input: fc.tuple(validInput, FIELD_CASES[field]!.invalid).map(([input, bad]) => {
        const partner = PAIRED.find((p) => p !== field);
        const withPartner =
          PAIRED.includes(field) && partner && input[partner] === undefined
            ? { [partner]: PAIRED_DEFAULT[partner] }
            : {};
        return { ...input, ...withPartner, [field]: bad };
      }),
    }),
  );
