import { RolloutMetrics } from '../../src/metrics/registry';
import { code, table, type Page } from './markdown';

/** The worker's own Prometheus metrics, read from the registry it serves on /metrics. */
export function metricsPage(): Page {
  const metrics = new RolloutMetrics().registry.getMetricsAsArray();
  const rows = metrics.map((metric) => {
    const { name, help, type, labelNames } = metric as unknown as {
      name: string;
      help: string;
      type: string;
      labelNames: string[];
    };
    return [code(name), type, labelNames.map(code).join(', '), help];
  });
  return {
    title: 'Metrics',
    sources: ['src/metrics/registry.ts'],
    sections: [
      "With `METRICS_PORT` set (the image sets 9464) the worker serves Prometheus text on `/metrics`: first the SDK's own metrics (`temporal_*`: pollers, task latencies, slots, sticky cache), then these.",
      table(['metric', 'type', 'labels', 'meaning'], rows),
      "- `clanforge_rollouts` and `clanforge_releases` count running workflows per phase with Temporal's visibility (one count query per non-final phase, at most every 30 s): every worker reports the same numbers, so aggregate with `max()`, not `sum()`.\n- `clanforge_rollout_jobs_warning` is per worker: aggregate with `sum()`. With polling `\"retry\"` a job's next poll may land on another worker, so an entry lapses a little after that poll was due (twice its delay plus a minute) unless this worker polls it again; two workers may briefly both count the same job.\n- `clanforge_api_calls_total`: `outcome` is `ok` or the error type (`ClanforgeAuthError`, `ClanforgeRejected`, …); `class` is `none`, `transient` or `permanent`.\n- `clanforge_operator_actions_total` records whether a name was given (`named`), never the name itself.\n- `clanforge_rollout_ended_total` starts at 0 for every final phase, so the first failed rollout on a worker is an increase Prometheus sees.\n- `clanforge_worker_ready` is the worker's `/ready` verdict when scraped (1 = 200, 0 = 503), with no label for the reason: `/ready` says why ([health endpoints](health-endpoints.md)). A worker that is not scraped at all shows as `up == 0`.\n- The alerts built on these: [alerts](../how-to/alerts.md) (`deploy/prometheus/alerts.yml`).",
    ],
  };
}
