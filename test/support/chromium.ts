import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The flags this machine's closed network needs (no background fetches), as root in a sandbox. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const CHROMIUM_SKIP_REASON =
  'no Chromium found (CHROMIUM_PATH, or chromium / chromium-browser on PATH): the Web UI test is skipped. ' +
  'Enable it with `apt-get install chromium` (Debian) or CHROMIUM_PATH=/path/to/chromium; CI always installs it.';

/** A Chromium to drive with playwright-core: CHROMIUM_PATH, else the system one; undefined if none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.CHROMIUM_PATH?.trim();
  const candidates = explicit
    ? [explicit]
    : (env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .flatMap((dir) => [join(dir, 'chromium'), join(dir, 'chromium-browser')]);
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
