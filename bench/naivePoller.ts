// The baseline: what studios write today. Create, then sleep a fixed interval and curl the status
// until done, for diff, version and installs. Plain Node (fetch), no Temporal, no eta.
// Usage: npx tsx bench/naivePoller.ts BASE_URL ACCESS:SECRET ASID IMAGE MACHINE INTERVAL_MS

export interface NaiveResult {
  ok: boolean;
  statusCalls: number;
  diffId?: number;
  versionId?: number;
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function naiveRollout(
  baseUrl: string,
  credentials: string,
  asid: number,
  imageId: number,
  machineId: number,
  intervalMs: number,
): Promise<NaiveResult> {
  const auth = `Basic ${Buffer.from(credentials).toString('base64')}`;
  let statusCalls = 0;
  const get = async (path: string, status = false): Promise<Record<string, unknown>> => {
    if (status) statusCalls++;
    const response = await fetch(`${baseUrl}/${path}${path.includes('?') ? '&' : '?'}accountserviceid=${asid}`, {
      headers: { Authorization: auth },
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (body.error === true) throw new Error(String(body.error_message));
    return body;
  };
  const waitFor = async (path: string): Promise<Record<string, unknown>> => {
    for (;;) {
      await sleep(intervalMs);
      const body = await get(path, true);
      if (body.jobstateid === 5 || body.jobstateid === 6) return body;
    }
  };
  try {
    const diff = await get(`imagediff/create?imageid=${imageId}&machineid=${machineId}`);
    const diffId = diff.diffid as number;
    const diffDone = await waitFor(`imagediff/${diffId}/status`);
    if (diffDone.jobstateid !== 5) return { ok: false, statusCalls, diffId, error: 'diff failed' };
    const empty = ['added', 'modified', 'removed'].every(
      (k) => Object.keys((diffDone[k] as object) ?? {}).length === 0,
    );
    const version = await get(`imageversion/create?diffid=${diffId}&restart=0&full=${empty ? 1 : 0}`);
    const versionId = version.imageversionid as number;
    const versionDone = await waitFor(`imageversion/${versionId}/status`);
    if (versionDone.jobstateid !== 5) return { ok: false, statusCalls, diffId, versionId, error: 'version failed' };
    // Installs: poll until none of this version's jobs is listed any more.
    let seen = false;
    for (let polls = 0; polls < 100_000; polls++) {
      await sleep(intervalMs);
      const { installs } = (await get('imageinstall/status', true)) as {
        installs: { target_imageversionid: number; jobstateid: number }[];
      };
      const open = installs.filter((i) => i.target_imageversionid === versionId);
      if (open.length > 0) seen = true;
      if (open.some((i) => i.jobstateid === 6))
        return { ok: false, statusCalls, diffId, versionId, error: 'install failed' };
      if (seen && open.length === 0) return { ok: true, statusCalls, diffId, versionId };
      if (!seen && polls > 3) return { ok: true, statusCalls, diffId, versionId };
    }
    return { ok: false, statusCalls, error: 'gave up' };
  } catch (error) {
    return { ok: false, statusCalls, error: String(error) };
  }
}

if (require.main === module) {
  const [base, creds, asid, image, machine, interval] = process.argv.slice(2);
  if (!base || !creds || !asid || !image || !machine || !interval) {
    process.stderr.write('usage: naivePoller.ts BASE_URL ACCESS:SECRET ASID IMAGE MACHINE INTERVAL_MS\n');
    process.exit(2);
  }
  naiveRollout(base, creds, Number(asid), Number(image), Number(machine), Number(interval)).then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exit(r.ok ? 0 : 1);
    },
    (e: unknown) => {
      process.stderr.write(`${String(e)}\n`);
      process.exit(1);
    },
  );
}
