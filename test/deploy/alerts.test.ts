import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RolloutMetrics } from '../../src/metrics/registry';

// deploy/prometheus/alerts.yml: the alerts docs/how-to/alerts.md recommends, as Prometheus rules,
// checked and unit-tested by promtool (Debian's `prometheus` package), and kept in step with the
// doc and with the metrics the worker serves.
const ROOT = resolve(__dirname, '../..');
const DIR = join(ROOT, 'deploy/prometheus');
const RULES = join(DIR, 'alerts.yml');
const RULE_TESTS = join(DIR, 'alerts.test.yml');
const DOC = join(ROOT, 'docs/how-to/alerts.md');
// A metric an alert reads before the worker serves it (none now): the test below fails once it is
// served, until the name is dropped from here.
const NOT_YET_SERVED: string[] = [];

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
}
const rules = (parse(readFileSync(RULES, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);

/** promtool itself: PROMTOOL_PATH, else on PATH. Missing is a failure, not a skip: CI installs it. */
function promtool(...args: string[]): { status: number | null; output: string } {
  const executable = process.env.PROMTOOL_PATH?.trim() || 'promtool';
  const result = spawnSync(executable, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT')
    throw new Error(
      `promtool not found (${executable}): install Debian's prometheus package (apt-get install prometheus, as .ci/run does) or set PROMTOOL_PATH`,
    );
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The doc's table rows: | `AlertName` | fires when | for | severity |. */
function documentedAlerts(): { alert: string; for: string; severity: string }[] {
  return readFileSync(DOC, 'utf8')
    .split('\n')
    .filter((line) => /^\| `Clanforge\w+` \|/.test(line))
    .map((line) => {
      // A `\|` inside a cell is part of the cell (GFM).
      const cells = line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim());
      return { alert: cells[0]!.replace(/`/g, ''), for: cells[2]!, severity: cells[3]! };
    });
}

describe('deploy/prometheus/alerts.yml', () => {
  it('passes promtool check rules', () => {
    const { status, output } = promtool('check', 'rules', RULES);
    expect(output).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(status, output).toBe(0);
  });

  it('passes its unit tests (promtool test rules alerts.test.yml)', () => {
    const { status, output } = promtool('test', 'rules', RULE_TESTS);
    expect(output).toContain('SUCCESS');
    expect(status, output).toBe(0);
  });

  it('has a unit test in which each alert fires and one in which it stays quiet', () => {
    const tests = (
      parse(readFileSync(RULE_TESTS, 'utf8')) as {
        tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
      }
    ).tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const { alert } of rules) {
      const cases = tests.filter((t) => t.alertname === alert);
      expect(
        cases.some((t) => (t.exp_alerts ?? []).length > 0),
        `${alert} fires in some test`,
      ).toBe(true);
      expect(
        cases.some((t) => (t.exp_alerts ?? []).length === 0),
        `${alert} stays quiet in some test`,
      ).toBe(true);
    }
  });

  it('names the same alerts as docs/how-to/alerts.md, with the same for and severity', () => {
    const inFile = rules.map((r) => ({ alert: r.alert, for: r.for ?? '–', severity: r.labels?.severity ?? '' }));
    expect(documentedAlerts()).toEqual(inFile);
  });

  it('reads only metrics the worker serves, and the one-label counters it takes increase() of start at 0', async () => {
    const metrics = new RolloutMetrics();
    const served = new Map(
      metrics.registry
        .getMetricsAsArray()
        .map((m) => m as unknown as { name: string; labelNames: string[] })
        .map((m) => [m.name, m.labelNames]),
    );
    const read = new Set(rules.flatMap((r) => [...r.expr.matchAll(/\b(clanforge_\w+)\b/g)].map((m) => m[1]!)));
    for (const name of NOT_YET_SERVED)
      expect(served.has(name), `${name} is served now: drop it from NOT_YET_SERVED`).toBe(false);
    for (const name of read) if (!NOT_YET_SERVED.includes(name)) expect([...served.keys()]).toContain(name);
    // A series that first appears at 1 is no increase to Prometheus: the first event on a worker
    // would not fire. Where the label set is one label, the worker starts the series at 0.
    const oneLabel = rules
      .flatMap((r) => [...r.expr.matchAll(/increase\((clanforge_\w+)\{(\w+)="([^"]+)"\}/g)])
      .map(([, name, label, value]) => ({ name: name!, label: label!, value: value! }))
      .filter(({ name, label }) => served.get(name)?.join() === label);
    expect(oneLabel.map((s) => s.name)).toContain('clanforge_rollout_ended_total');
    const text = await metrics.text();
    for (const { name, label, value } of oneLabel) expect(text).toContain(`${name}{${label}="${value}"} 0`);
  });
});
