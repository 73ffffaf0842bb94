import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCompose, type ComposeService } from './compose';
import { ROOT, STACK_DIR, type NativeImage } from './images';
import { NativeStack, runHealthcheck } from './nativeStack';
import { MANIFEST, STACK_PROFILES, stackEnv } from './stackEnv';
import { waitFor } from '../support/wait';

// The compose file's postgresql service on its first start (issue 19): its own healthcheck, a
// checkout the postgres user cannot reach, and fresh volumes. Each test runs the service alone.
const images = (JSON.parse(readFileSync(MANIFEST, 'utf8')) as { images: Record<string, NativeImage> }).images;
const project = loadCompose(join(ROOT, 'docker-compose.yml'), stackEnv(), STACK_PROFILES);
const postgresql = project.services.postgresql!;
const log = (line: string) => process.stdout.write(`[postgresql] ${line}\n`);

function postgresqlAlone(service: ComposeService, withImages = images, dir = STACK_DIR): NativeStack {
  return new NativeStack({ services: { postgresql: service }, volumes: project.volumes }, withImages, dir, log);
}

describe('the compose postgresql service on its first start', () => {
  it("reports unhealthy while the server listens on the Unix socket only, as the image's init server does", async () => {
    // The image's entrypoint initialises a fresh volume with listen_addresses=''; here the
    // server stays like that, so the check is asked exactly what it is asked during init.
    const stack = postgresqlAlone({ ...postgresql, command: ['postgres', '-c', 'listen_addresses='] });
    try {
      await stack.up();
      const spec = stack.spec('postgresql');
      // Past the init server (which also answers on the socket, then stops): the entrypoint's own
      // server is running once postmaster.opts, the options the server runs with, are its options.
      await waitFor(
        () => readFileSync(join(spec.env.PGDATA!, 'postmaster.opts'), 'utf8'),
        (options) => options.includes('listen_addresses=*'),
        { what: "the entrypoint's final server", timeoutMs: 120_000, everyMs: 200 },
      );
      await waitFor(
        () => runHealthcheck(['CMD', 'pg_isready', '-U', 'temporal'], spec, 5_000),
        (answering) => answering,
        { what: 'the server answering on its Unix socket', timeoutMs: 120_000, everyMs: 500 },
      );
      expect(runHealthcheck(postgresql.healthcheck!.test, spec, 5_000)).toBe(false);
    } finally {
      await stack.down();
    }
  });

  it('starts, healthy by its own check, from a checkout under a private (0700) directory', async () => {
    const privateDir = mkdtempSync(join(tmpdir(), 'private-parent-'));
    expect(statSync(privateDir).mode & 0o777).toBe(0o700);
    const stackDir = join(privateDir, 'clanforge-rollout', '.stack');
    const image = images[postgresql.image!]!;
    const root = join(stackDir, 'images', 'postgres');
    cpSync(image.root, root, { recursive: true, verbatimSymlinks: true });
    const stack = postgresqlAlone(postgresql, { [postgresql.image!]: { ...image, root } }, stackDir);
    try {
      await stack.up();
      await stack.waitHealthy('postgresql', 120_000);
    } finally {
      await stack.down();
      rmSync(privateDir, { recursive: true, force: true });
    }
  });

  it("a second stack over the same directory starts from fresh volumes, not the first one's data", async () => {
    const first = postgresqlAlone(postgresql);
    const second = postgresqlAlone(postgresql);
    try {
      // What the entrypoint takes for an initialised volume.
      writeFileSync(join(first.spec('postgresql').env.PGDATA!, 'PG_VERSION'), '15\n');
      expect(existsSync(join(second.spec('postgresql').env.PGDATA!, 'PG_VERSION'))).toBe(false);
    } finally {
      await first.down();
      await second.down();
    }
  });
});
