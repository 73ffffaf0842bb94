import { Option } from 'commander';
import type { DeploymentWindow } from '../contract/windows/input';
import { UsageError } from './errors';

const WINDOW_SYNTAX = 'DAYS HH:MM-HH:MM TIMEZONE, e.g. "Mon-Thu 02:00-05:00 Europe/London"';

/** `start --window SPEC` (repeatable): input `windows`, one per flag. */
export function windowOption(): Option {
  return new Option(
    '--window <SPEC>',
    `deployment window, repeatable: ${WINDOW_SYNTAX} (the version and the cutover start only inside one)`,
  ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
}

/** The windows the --window flags give, or undefined without any; the rules are the input's own. */
export function windowsFromFlags(raw: unknown): DeploymentWindow[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw.map((spec: string) => {
    const m = /^\s*(\S+)\s+(\d{1,2}:\d{2})-(\d{1,2}:\d{2})\s+(\S+)\s*$/.exec(spec);
    if (!m) throw new UsageError(`--window: "${spec}" must be ${WINDOW_SYNTAX}`);
    const [, days, start, end, timeZone] = m as unknown as [string, string, string, string, string];
    return { days, start, end, timeZone };
  });
}
