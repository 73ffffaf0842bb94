import { Option } from 'commander';
import type { CutoverInput } from '../contract/cutover/input';
import { valueOf, type Kind } from './flagValue';

interface CutoverFlag {
  field: keyof CutoverInput;
  flag: string;
  value: string;
  kind: Kind;
  description: string;
}

/** `start` flags for the input's `cutover` (going live): given any of them, the rollout cuts over. */
export const CUTOVER_FLAGS: readonly CutoverFlag[] = [
  { field: 'fleetId', flag: '--fleet', value: 'ID', kind: 'string', description: 'cut over: the fleet to go live on' },
  {
    field: 'profileId',
    flag: '--profile',
    value: 'N',
    kind: 'integer',
    description: "cut over: this image's profile, the one to go live",
  },
  {
    field: 'fleetKind',
    flag: '--fleet-kind',
    value: 'K',
    kind: 'string',
    description: 'reservation (default: switch the fleet) or allocation (the matchmaker allocates with the profile)',
  },
  {
    field: 'timeout',
    flag: '--switch-timeout',
    value: 'D',
    kind: 'string',
    description: 'the switch Timeout, a Go duration (default 15m): busy servers are force-restarted after it',
  },
  {
    field: 'maxMachines',
    flag: '--max-machines',
    value: 'N',
    kind: 'integer',
    description: 'machines restarted at a time (reservation fleets)',
  },
  {
    field: 'bakeMinutes',
    flag: '--bake-minutes',
    value: 'MIN',
    kind: 'number',
    description: 'health-checked bake before completed (default 10)',
  },
  {
    field: 'minActivePercent',
    flag: '--min-active-percent',
    value: 'P',
    kind: 'number',
    description: "share of the new profile's servers that must be up (default 95)",
  },
  {
    field: 'healthWebhookUrl',
    flag: '--health-webhook',
    value: 'URL',
    kind: 'string',
    description: 'a health gate POSTed at each check (2xx healthy)',
  },
  {
    field: 'onUnhealthy',
    flag: '--on-unhealthy',
    value: 'WHAT',
    kind: 'string',
    description: 'rollback (default) or pause (wait for rollback / proceed / cancel)',
  },
];

export function cutoverOptions(): Option[] {
  return CUTOVER_FLAGS.map((entry) => new Option(`${entry.flag} <${entry.value}>`, entry.description));
}

/** The `cutover` the flags describe, or undefined when none was given. */
export function cutoverFromFlags(opts: Record<string, unknown>): Record<string, unknown> | undefined {
  const cutover: Record<string, unknown> = {};
  for (const entry of CUTOVER_FLAGS) {
    const raw = opts[new Option(`${entry.flag} <${entry.value}>`).attributeName()];
    if (raw !== undefined) cutover[entry.field] = valueOf(entry.kind, raw);
  }
  return Object.keys(cutover).length > 0 ? cutover : undefined;
}

/** `cutover.fleetId` → `--fleet`, for the messages. */
export const CUTOVER_FLAG_OF: ReadonlyArray<[string, string]> = CUTOVER_FLAGS.map((e) => [
  `cutover.${e.field}`,
  e.flag,
]);
