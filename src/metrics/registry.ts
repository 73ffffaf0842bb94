import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { followersWarning } from '../activities/watchRegistry';
import type { InjectedSinks } from '@temporalio/worker';
import type { ClanforgeErrorType } from '../clanforge/errors';
import { FINAL_PHASES, isFinalPhase, PHASES } from '../contract/rollout/status';
import { isFinalReleasePhase, RELEASE_PHASES } from '../contract/release/status';
import type { RolloutMetricsSinks } from '../contract/metricsSinks';
import type { NotificationOutcome } from '../contract/webhookEvents';

const STATUS_ENDPOINTS = new Set([
  'imageupdate/status',
  'imagediff/status',
  'imageversion/status',
  'imageinstall/status',
]);

/** The rollout's own Prometheus metrics (the SDK's come from the Runtime's exporter). */
export class RolloutMetrics {
  readonly registry = new Registry();
  private readonly started = new Counter({
    name: 'clanforge_rollout_started_total',
    help: 'Rollouts that began their first step',
    registers: [this.registry],
  });
  private readonly actions = new Counter({
    name: 'clanforge_operator_actions_total',
    help: 'Operator actions rollouts and releases took, by action and whether the sender was named (the name itself is in the timeline, never a label)',
    labelNames: ['action', 'named'],
    registers: [this.registry],
  });
  private readonly ended = new Counter({
    name: 'clanforge_rollout_ended_total',
    help: 'Rollouts that ended, by final phase',
    labelNames: ['phase'],
    registers: [this.registry],
  });
  private readonly phaseSeconds = new Histogram({
    name: 'clanforge_rollout_phase_seconds',
    help: 'Time rollouts spent in a phase before leaving it',
    labelNames: ['phase'],
    buckets: [1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600],
    registers: [this.registry],
  });
  private readonly calls = new Counter({
    name: 'clanforge_api_calls_total',
    help: 'Clanforge API calls by endpoint and outcome (ok or error type)',
    labelNames: ['endpoint', 'outcome', 'class'],
    registers: [this.registry],
  });
  private readonly callSeconds = new Histogram({
    name: 'clanforge_api_call_seconds',
    help: 'Clanforge API call latency',
    labelNames: ['endpoint'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly notifications = new Counter({
    name: 'clanforge_notifications_total',
    help: 'Webhook events by outcome: delivered, or dropped (not delivered within the hour, or pushed out of a full queue)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly cutovers = new Counter({
    name: 'clanforge_cutovers_total',
    help: 'Cutovers (going live on a fleet) by outcome: completed (baked healthy), rolled-back, cancelled',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly rollbacks = new Counter({
    name: 'clanforge_rollbacks_total',
    help: 'Fleets switched back to the profile live before, by trigger: health (a failed check), operator (rollback), cancel',
    labelNames: ['trigger'],
    registers: [this.registry],
  });
  private readonly polls = new Counter({
    name: 'clanforge_rollout_status_polls_total',
    help: 'Job status polls by endpoint',
    labelNames: ['endpoint'],
    registers: [this.registry],
  });

  /**
   * Running rollouts per phase, counted by Temporal's visibility (so it is right whichever worker
   * runs them; every worker reports the same numbers: use max(), not sum()). Set by the worker.
   */
  countRunning?: (query: string) => Promise<number>;
  private readiness?: () => boolean;
  private phaseCounts = new Map<string, { at: number; counts: Map<string, number> }>();

  constructor() {
    // Every final phase from 0: a series that first appears at 1 is no increase to Prometheus,
    // so a worker's first failed rollout would not fire ClanforgeRolloutFailed.
    for (const phase of FINAL_PHASES) this.ended.inc({ phase }, 0);
    for (const outcome of ['delivered', 'dropped']) this.notifications.inc({ outcome }, 0);
    for (const outcome of ['completed', 'rolled-back', 'cancelled']) this.cutovers.inc({ outcome }, 0);
    for (const trigger of ['health', 'operator', 'cancel']) this.rollbacks.inc({ trigger }, 0);
    const runningByPhase = () =>
      this.runningByPhase(
        'rollout',
        PHASES.filter((p) => !isFinalPhase(p)),
      );
    const releasesByPhase = () =>
      this.runningByPhase(
        'release',
        RELEASE_PHASES.filter((p) => !isFinalReleasePhase(p)),
      );
    new Gauge({
      name: 'clanforge_rollouts',
      help: 'Running rollouts per phase (Temporal visibility; the same on every worker)',
      labelNames: ['phase'],
      registers: [this.registry],
      async collect() {
        for (const [phase, n] of await runningByPhase()) this.set({ phase }, n);
      },
    });
    new Gauge({
      name: 'clanforge_releases',
      help: 'Running releases per phase (Temporal visibility; the same on every worker)',
      labelNames: ['phase'],
      registers: [this.registry],
      async collect() {
        for (const [phase, n] of await releasesByPhase()) this.set({ phase }, n);
      },
    });
    new Gauge({
      name: 'clanforge_rollout_jobs_warning',
      help: 'Jobs this worker follows that carry a warning, by kind (overdue = past its eta; no-progress; silent = the API does not answer)',
      labelNames: ['kind'],
      registers: [this.registry],
      collect() {
        for (const [kind, n] of Object.entries(followersWarning())) this.set({ kind }, n);
      },
    });
    const ready = () => this.readiness?.();
    new Gauge({
      name: 'clanforge_worker_ready',
      help: 'Whether this worker can do work now: 1 while its /ready answers 200, 0 while it answers 503 (the reason is on /ready)',
      registers: [this.registry],
      collect() {
        const verdict = ready();
        if (verdict !== undefined) this.set(verdict ? 1 : 0);
      },
    });
  }

  /** The worker's /ready verdict, served as `clanforge_worker_ready`. Set by the health server's owner. */
  reportReadiness(ready: () => boolean): void {
    this.readiness = ready;
  }

  /** One count query per non-final phase of a workflow type, at most every 30 s whatever the scrape interval. */
  private async runningByPhase(type: 'rollout' | 'release', phases: readonly string[]): Promise<Map<string, number>> {
    if (!this.countRunning) return new Map();
    const cached = this.phaseCounts.get(type);
    if (cached && Date.now() - cached.at < 30_000) return cached.counts;
    const counts = new Map<string, number>();
    for (const phase of phases) {
      counts.set(
        phase,
        await this.countRunning(
          `WorkflowType='${type}' AND ExecutionStatus='Running' AND RolloutPhase='${phase}'`,
        ).catch(() => 0),
      );
    }
    this.phaseCounts.set(type, { at: Date.now(), counts });
    return counts;
  }

  /** Hook for ClanforgeClient.onRequest. */
  readonly onRequest = (endpoint: string, outcome: 'ok' | ClanforgeErrorType, ms: number): void => {
    const errorClass =
      outcome === 'ok'
        ? 'none'
        : ['ClanforgeUnavailable', 'ClanforgeRateLimited', 'ClanforgeTimeout'].includes(outcome)
          ? 'transient'
          : 'permanent';
    this.calls.inc({ endpoint, outcome, class: errorClass });
    this.callSeconds.observe({ endpoint }, ms / 1000);
    if (STATUS_ENDPOINTS.has(endpoint)) this.polls.inc({ endpoint });
  };

  /** Hook for the delivery activity (createActivities' onNotification). */
  readonly onNotification = (outcome: NotificationOutcome): void => {
    this.notifications.inc({ outcome });
  };

  /** The sink the workflow reports phase changes to. */
  sinks(): InjectedSinks<RolloutMetricsSinks> {
    return {
      rolloutMetrics: {
        phaseEntered: {
          fn: (_info, phase, previous, previousSeconds) => {
            if (previous === null) this.started.inc();
            else this.phaseSeconds.observe({ phase: previous }, previousSeconds);
            if (isFinalPhase(phase)) this.ended.inc({ phase });
          },
          callDuringReplay: false,
        },
        operatorAction: {
          fn: (_info, action, named) => this.actions.inc({ action, named: String(named) }),
          callDuringReplay: false,
        },
        notificationDropped: {
          fn: () => this.onNotification('dropped'),
          callDuringReplay: false,
        },
        cutoverEnded: {
          fn: (_info, outcome) => this.cutovers.inc({ outcome }),
          callDuringReplay: false,
        },
        rolledBack: {
          fn: (_info, trigger) => this.rollbacks.inc({ trigger }),
          callDuringReplay: false,
        },
      },
    };
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
