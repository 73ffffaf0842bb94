import { describe, expect, it } from 'vitest';
import type { FreezeEvent, ReleaseEvent, RolloutEvent } from '../../src/contract/webhookEvents';
import { DISCORD_CONTENT_LIMIT, webhookBody, type WebhookStyle } from '../../src/activities/webhookFormat';

// What a Slack or Discord channel reads for each webhook event: one line, linked to the Web UI
// when TEMPORAL_UI_URL is set; json is the event itself.
const AT = '2026-11-24T10:00:00.000Z';
const UI = { baseUrl: 'https://temporal.example.com', namespace: 'games' };
const ROLLOUT_URL = 'https://temporal.example.com/namespaces/games/workflows/rollout-1001-42';

function rollout(overrides: Partial<RolloutEvent> = {}): RolloutEvent {
  return {
    workflowId: 'rollout-1001-42',
    phase: 'diffing',
    previousPhase: null,
    step: 'diff',
    event: 'comparing machine 7 with image 42',
    at: AT,
    accountServiceId: 1001,
    imageId: 42,
    gameBuild: '1.5.0',
    awaiting: null,
    lastError: null,
    final: false,
    ...overrides,
  };
}

function release(overrides: Partial<ReleaseEvent> = {}): ReleaseEvent {
  return {
    kind: 'release',
    workflowId: 'release-2026-11-24-1',
    releaseId: '2026-11-24-1',
    event: 'wave-started',
    phase: 'running',
    wave: 2,
    waves: 3,
    text: 'wave 2 of 3 started: 4 images',
    at: AT,
    counts: { pending: 4 },
    awaiting: null,
    final: false,
    ...overrides,
  };
}

const awaitingApproval = rollout({
  phase: 'awaiting-approval',
  previousPhase: 'diffing',
  step: 'approval',
  diffId: 1013,
  event:
    'diff 1013 found 3 added, 1 modified, 0 removed. Signal approve to make the version, or reject to reject the diff.',
  awaiting: {
    reason:
      'diff 1013 found 3 added, 1 modified, 0 removed. Signal approve to make the version, or reject to reject the diff.',
    actions: ['approve', 'reject', 'cancel'],
  },
});
const approved = rollout({
  phase: 'versioning',
  previousPhase: 'awaiting-approval',
  step: 'version',
  event: 'packaging diff 1013 into a new image version',
  lastAction: { action: 'approve', by: 'alice@build-01' },
});

const slack = (event: RolloutEvent | ReleaseEvent, style: Omit<WebhookStyle, 'format'> = {}) =>
  (webhookBody(event, { format: 'slack', ...style }) as { text: string }).text;
const discord = (event: RolloutEvent | ReleaseEvent, style: Omit<WebhookStyle, 'format'> = {}) =>
  (webhookBody(event, { format: 'discord', ...style }) as { content: string }).content;

describe('json (the default)', () => {
  it('is the event itself, unchanged', () => {
    expect(webhookBody(approved)).toBe(approved);
    expect(webhookBody(release(), { format: 'json', webUi: UI })).toEqual(release());
  });
});

describe('slack: {"text": one line}', () => {
  it('a rollout waiting for approval: what the diff found and the actions', () => {
    expect(webhookBody(awaitingApproval, { format: 'slack' })).toEqual({
      text: 'rollout-1001-42 (image 42, ASID 1001, build 1.5.0): awaiting-approval — diff 1013 found 3 added, 1 modified, 0 removed (approve / reject / cancel)',
    });
  });

  it('links the workflow id to the Web UI when TEMPORAL_UI_URL is set', () => {
    expect(slack(awaitingApproval, { webUi: UI })).toBe(
      `<${ROLLOUT_URL}|rollout-1001-42> (image 42, ASID 1001, build 1.5.0): awaiting-approval — diff 1013 found 3 added, 1 modified, 0 removed (approve / reject / cancel)`,
    );
  });

  it('names who moved it on: approve by alice@build-01 → versioning', () => {
    expect(slack(approved)).toBe(
      'rollout-1001-42 (image 42, ASID 1001, build 1.5.0): approve by alice@build-01 → versioning',
    );
  });

  it('an action without a name (the Web UI) is by an unnamed operator', () => {
    const proceeded = rollout({
      phase: 'versioning',
      previousPhase: 'scheduled',
      lastAction: { action: 'proceedNow', by: null },
    });
    expect(slack(proceeded)).toBe(
      'rollout-1001-42 (image 42, ASID 1001, build 1.5.0): proceedNow by an unnamed operator → versioning',
    );
  });

  it('a reject that ended it', () => {
    const rejected = rollout({
      phase: 'rejected',
      previousPhase: 'awaiting-approval',
      event: 'too big',
      final: true,
      lastAction: { action: 'reject', by: 'carol' },
    });
    expect(slack(rejected)).toBe(
      'rollout-1001-42 (image 42, ASID 1001, build 1.5.0): reject by carol → rejected: too big',
    );
  });

  it('a cancel that ended it, with the reason said once', () => {
    const cancelled = rollout({
      phase: 'cancelled',
      previousPhase: 'installing',
      event: 'cancelled: wrong build',
      final: true,
      lastAction: { action: 'cancel', by: 'bob@ops' },
    });
    expect(slack(cancelled)).toBe(
      'rollout-1001-42 (image 42, ASID 1001, build 1.5.0): cancel by bob@ops → cancelled: wrong build',
    );
  });

  it('an older action is not credited with a change it did not cause', () => {
    const retried = { action: 'retry', by: 'bob@ops' };
    const timedOut = rollout({
      phase: 'cancelled',
      previousPhase: 'awaiting-operator',
      event: 'cancelled: no operator within 60 minutes',
      final: true,
      lastAction: retried,
    });
    expect(slack(timedOut)).toBe(
      'rollout-1001-42 (image 42, ASID 1001, build 1.5.0): cancelled: no operator within 60 minutes',
    );
    const installing = rollout({
      phase: 'installing',
      previousPhase: 'versioning',
      event: 'queueing and following the installs of version 9',
      lastAction: retried,
    });
    expect(slack(installing)).toBe(
      'rollout-1001-42 (image 42, ASID 1001, build 1.5.0): installing — queueing and following the installs of version 9',
    );
  });

  it('a reminder says so, and credits nobody', () => {
    const reminder = rollout({
      phase: 'awaiting-operator',
      previousPhase: 'awaiting-operator',
      event:
        'reminder 2: still awaiting-operator after 1 h 0 min: diff 77 failed. Signal retry to diff again, or cancel to end the rollout.',
      awaiting: {
        reason: 'diff 77 failed. Signal retry to diff again, or cancel to end the rollout.',
        actions: ['retry', 'cancel'],
      },
      lastAction: { action: 'retry', by: 'bob@ops' },
      reminder: true,
    });
    expect(slack(reminder)).toBe(
      'rollout-1001-42 (image 42, ASID 1001, build 1.5.0): reminder 2: still awaiting-operator after 1 h 0 min: diff 77 failed (retry / cancel)',
    );
  });

  it('completed, and a rollout without a game build', () => {
    expect(
      slack(
        rollout({
          phase: 'completed',
          previousPhase: 'installing',
          event: 'rollout completed',
          final: true,
          lastAction: { action: 'approve', by: 'alice' },
        }),
      ),
    ).toBe('rollout-1001-42 (image 42, ASID 1001, build 1.5.0): completed');
    expect(slack(rollout({ gameBuild: undefined }))).toBe(
      'rollout-1001-42 (image 42, ASID 1001): diffing — comparing machine 7 with image 42',
    );
  });

  it('escapes &, < and > as Slack asks', () => {
    const failed = rollout({ phase: 'failed', event: 'failed: HTTP 500 <html> & more', final: true });
    expect(slack(failed)).toBe(
      'rollout-1001-42 (image 42, ASID 1001, build 1.5.0): failed: HTTP 500 &lt;html&gt; &amp; more',
    );
  });

  it('releases: a wave started, awaiting promotion, completed, cancelled by someone', () => {
    expect(slack(release())).toBe('release 2026-11-24-1: wave 2 of 3 started: 4 images');
    expect(
      slack(release({ gameBuild: '1.5.0', lastAction: { action: 'promote', by: 'alice@build-01' } }), { webUi: UI }),
    ).toBe(
      '<https://temporal.example.com/namespaces/games/workflows/release-2026-11-24-1|release 2026-11-24-1> (build 1.5.0): promote by alice@build-01 → wave 2 of 3 started: 4 images',
    );
    const reason =
      "wave 1 of 3 completed. Check its images' fleet, then promote to start wave 2 (4 images), or cancel.";
    expect(
      slack(
        release({
          event: 'awaiting-promotion',
          phase: 'awaiting-promotion',
          text: reason,
          awaiting: { reason, actions: ['promote', 'cancel'] },
        }),
      ),
    ).toBe(`release 2026-11-24-1: awaiting-promotion — ${reason} (promote / cancel)`);
    expect(
      slack(
        release({
          event: 'ended',
          phase: 'completed',
          wave: 3,
          text: 'release 2026-11-24-1 completed',
          final: true,
          lastAction: { action: 'promote', by: 'alice' },
        }),
      ),
    ).toBe('release 2026-11-24-1: completed');
    const cancelled = release({
      event: 'ended',
      phase: 'cancelled',
      text: 'release 2026-11-24-1 cancelled: bad build',
      reason: 'bad build',
      final: true,
      lastAction: { action: 'cancel', by: null },
    });
    expect(slack(cancelled)).toBe('release 2026-11-24-1: cancel by an unnamed operator → cancelled: bad build');
  });
});

describe('discord: {"content": one line}', () => {
  it('the same line, a markdown link, and nobody pinged', () => {
    expect(webhookBody(approved, { format: 'discord' })).toEqual({
      content: 'rollout-1001-42 (image 42, ASID 1001, build 1.5.0): approve by alice@build-01 → versioning',
      allowed_mentions: { parse: [] },
    });
    expect(discord(approved, { webUi: UI })).toBe(
      `[rollout-1001-42](${ROLLOUT_URL}) (image 42, ASID 1001, build 1.5.0): approve by alice@build-01 → versioning`,
    );
    expect(discord(release({ event: 'ended', phase: 'completed', final: true }), { webUi: UI })).toBe(
      '[release 2026-11-24-1](https://temporal.example.com/namespaces/games/workflows/release-2026-11-24-1): completed',
    );
  });

  it('escapes markdown and keeps parentheses out of the link target', () => {
    const odd = rollout({ workflowId: 'rollout_(a)*', phase: 'failed', event: 'failed: `disk` *full*', final: true });
    expect(discord(odd, { webUi: UI })).toBe(
      '[rollout\\_(a)\\*](https://temporal.example.com/namespaces/games/workflows/rollout_%28a%29*) (image 42, ASID 1001, build 1.5.0): failed: \\`disk\\` \\*full\\*',
    );
  });

  it(`is cut to ${DISCORD_CONTENT_LIMIT} characters at a whole character, link kept, ending in …`, () => {
    const long = rollout({ phase: 'failed', event: `failed: ${'é_🎮'.repeat(1_500)}`, final: true });
    const content = discord(long, { webUi: UI });
    expect(content.length).toBeLessThanOrEqual(DISCORD_CONTENT_LIMIT);
    expect(content.startsWith(`[rollout-1001-42](${ROLLOUT_URL})`)).toBe(true);
    expect(content.endsWith('…')).toBe(true);
    expect(content).not.toMatch(/[\uD800-\uDBFF]…$/);
    expect(content).not.toMatch(/(^|[^\\])(\\\\)*\\…$/);
    expect(discord(rollout({ event: 'short' }))).not.toContain('…');
  });
});

describe('freeze events', () => {
  const frozen: FreezeEvent = {
    kind: 'freeze',
    workflowId: 'clanforge-freeze',
    event: 'frozen',
    text: 'frozen by alice@ops-1: incident 4711 (rollbacks still allowed)',
    at: AT,
    freeze: { by: 'alice@ops-1', at: AT, reason: 'incident 4711', includeRollbacks: false },
    final: false,
  };

  it('one line naming who froze and why, linked to the freeze workflow; json is the event', () => {
    expect(webhookBody(frozen, { format: 'slack', webUi: UI })).toEqual({
      text: '<https://temporal.example.com/namespaces/games/workflows/clanforge-freeze|clanforge-freeze>: frozen by alice@ops-1: incident 4711 (rollbacks still allowed)',
    });
    expect(webhookBody(frozen, { format: 'discord' })).toEqual({
      content: 'clanforge-freeze: frozen by alice@ops-1: incident 4711 (rollbacks still allowed)',
      allowed_mentions: { parse: [] },
    });
    expect(webhookBody(frozen)).toBe(frozen);
  });
});
