import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DevServer } from '../../src/temporal/devServer';
import { freePort } from '../../src/temporal/freePort';
import { CHROMIUM_FLAGS, CHROMIUM_SKIP_REASON, findChromium } from '../support/chromium';
import { useRolloutHarness } from '../support/useRolloutHarness';
import { CUTOVER_ASID, idleSide, smallFleet } from '../cutover/fleets';

// The Temporal Web UI of a dev server, in Debian's headless Chromium driven by playwright-core.
const ARTIFACTS = resolve(__dirname, '../../artifacts');
const CHROMIUM = findChromium();
// Reported as skipped, with the reason and how to enable it, where there is no Chromium.
if (!CHROMIUM) process.stderr.write(`test/ui/webUi.test.ts: ${CHROMIUM_SKIP_REASON}\n`);

/** The UI renders the markdown of summary, details and current details in sandboxed frames: their text, together. */
async function framesText(page: Page): Promise<string> {
  const texts = await Promise.all(
    page.frames().map((f) =>
      f
        .locator('body')
        .innerText()
        .catch(() => ''),
    ),
  );
  return texts.join('\n');
}

let server: DevServer;
let browser: Browser;
let ui = '';

describe.skipIf(!CHROMIUM)(`Temporal Web UI${CHROMIUM ? '' : ` (skipped: ${CHROMIUM_SKIP_REASON})`}`, () => {
  // A dev server of its own, for its UI port; the harness's worker joins it.
  beforeAll(async () => {
    server = await DevServer.start({ executable: inject('temporalCli'), uiPort: await freePort() });
    ui = server.uiUrl!;
  }, 120_000);
  afterAll(() => server?.stop());
  const h = useRolloutHarness(() => ({
    speed: 200,
    fleet: 2,
    temporalAddress: server.address,
    fleets: { fleets: [smallFleet(9)] },
  }));
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);
  afterAll(() => browser?.close());

  it(
    'lists the rollout with its summary, filters it by search attributes, and shows the phase in its current details',
    { timeout: 120_000 },
    async () => {
      const { workflowId, runId } = await h.rollouts.startRollout({
        accountServiceId: 1001,
        imageId: 808,
        machineId: 7,
        gameBuild: 'ui-1',
        installAt: Math.floor(Date.now() / 1000) + 3600,
      });
      await h.waitForStatus(workflowId, (s) => s.phase === 'scheduled');
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });

      const list = (query: string) => `${ui}/namespaces/default/workflows?query=${encodeURIComponent(query)}`;
      await page.goto(list(`RolloutPhase='scheduled' AND GameBuild='ui-1'`));
      await page.getByText(workflowId).first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: resolve(ARTIFACTS, 'ui-list-filtered.png') });

      await page.goto(list(`RolloutPhase='completed' AND GameBuild='ui-1'`));
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1_500);
      expect(await page.getByText(workflowId).count()).toBe(0);

      await page.goto(`${ui}/namespaces/default/workflows/${workflowId}/${runId}/history`);
      await page.getByText('Clanforge rollout: build ui-1').first().waitFor({ timeout: 30_000 });
      await page
        .getByRole('tab', { name: 'User Metadata' })
        .or(page.getByText('User Metadata', { exact: true }))
        .first()
        .click();
      const allText = () => framesText(page);
      const deadline = Date.now() + 30_000;
      let text = await allText();
      while (!/waiting until/.test(text) && Date.now() < deadline) {
        await page.waitForTimeout(500);
        text = await allText();
      }
      expect(text).toContain('Clanforge rollout: build ui-1 → image 808 (ASID 1001)');
      expect(text).toMatch(/scheduled/);
      expect(text).toMatch(/waiting until .* to create the version \(version in (59 min|1 h) as of \d\d:\d\d UTC\)/);
      await page.screenshot({ path: resolve(ARTIFACTS, 'ui-rollout-details.png'), fullPage: true });

      await h.rollouts.cancelRollout(workflowId, 'ui test over');
      await h.rollouts.result(workflowId);
    },
  );

  it(
    "finds a release and its rollouts by ReleaseId, and shows the release's wave in words",
    { timeout: 120_000 },
    async () => {
      const installAt = Math.floor(Date.now() / 1000) + 3600;
      const images = [1, 1, 2].map((wave, i) => ({ accountServiceId: 1002, imageId: 811 + i, machineId: 7, wave }));
      const { workflowId, runId } = await h.rollouts.startRelease({
        releaseId: 'ui-release',
        gameBuild: 'ui-2',
        installAt,
        images,
      });
      for (const id of ['rollout-1002-811', 'rollout-1002-812'])
        await h.waitForStatus(id, (s) => s.phase === 'scheduled');
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });

      await page.goto(`${ui}/namespaces/default/workflows?query=${encodeURIComponent(`ReleaseId='ui-release'`)}`);
      for (const id of [workflowId, 'rollout-1002-811', 'rollout-1002-812'])
        await page.getByText(id).first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: resolve(ARTIFACTS, 'ui-release-list.png') });

      await page.goto(`${ui}/namespaces/default/workflows/${workflowId}/${runId}/history`);
      await page.getByText('Clanforge release ui-release').first().waitFor({ timeout: 30_000 });
      await page
        .getByRole('tab', { name: 'User Metadata' })
        .or(page.getByText('User Metadata', { exact: true }))
        .first()
        .click();
      const allText = () => framesText(page);
      const deadline = Date.now() + 30_000;
      let text = await allText();
      while (!/2 of 2 images scheduled/.test(text) && Date.now() < deadline) {
        await page.waitForTimeout(500);
        text = await allText();
      }
      expect(text).toContain('Clanforge release ui-release: build ui-2 → 3 images in 2 waves');
      expect(text).toContain('wave 1 of 2: 2 of 2 images scheduled');
      await page.screenshot({ path: resolve(ARTIFACTS, 'ui-release-details.png'), fullPage: true });

      await h.rollouts.cancelRelease(workflowId, 'ui test over');
      expect((await h.rollouts.releaseResult(workflowId)).phase).toBe('cancelled');
    },
  );
  it("shows a cutover's health and time left in the current details while it bakes", { timeout: 180_000 }, async () => {
    const side = idleSide(9);
    const { workflowId, runId } = await h.rollouts.startRollout({
      accountServiceId: CUTOVER_ASID,
      imageId: side.imageId,
      machineId: 7,
      gameBuild: 'ui-3',
      cutover: { fleetId: side.fleetId, profileId: side.profileId, bakeMinutes: 30 },
    });
    await h.waitForStatus(workflowId, (s) => s.phase === 'baking' && s.cutover?.health !== undefined, 120_000);
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${ui}/namespaces/default/workflows/${workflowId}/${runId}/history`);
    // The summary sits on the first event, a page away in a long history: the heading is enough.
    await page.getByText(workflowId).first().waitFor({ timeout: 30_000 });
    await page
      .getByRole('tab', { name: 'User Metadata' })
      .or(page.getByText('User Metadata', { exact: true }))
      .first()
      .click();
    const deadline = Date.now() + 30_000;
    let text = await framesText(page);
    while (!/servers up on profile/.test(text) && Date.now() < deadline) {
      await page.waitForTimeout(500);
      text = await framesText(page);
    }
    expect(text).toMatch(/baking/);
    expect(text).toContain(`Go live on reservation fleet ${side.fleetId} with profile ${side.profileId}`);
    // The UI's markdown shows "8/8" with a fraction slash.
    expect(text).toMatch(
      new RegExp(
        `cutover: fleet ${side.fleetId} → profile ${side.profileId} \\(from ${side.liveProfileId}\\); baking: healthy: 8[/⁄]8 servers up on profile ${side.profileId}, (29|30) min left`,
      ),
    );
    await page.screenshot({ path: resolve(ARTIFACTS, 'ui-cutover-details.png'), fullPage: true });
    await h.rollouts.rollbackRollout(workflowId, 'ui test over');
    expect((await h.rollouts.result(workflowId)).phase).toBe('rolled-back');
  });
});
