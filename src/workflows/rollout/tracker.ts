import { log, proxySinks, setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { NotificationOutbox } from '../shared/notificationOutbox';
import { finishNotifications } from '../shared/notifications';
import { recordOperatorAction } from '../shared/operatorActions';
import type { RolloutMetricsSinks } from '../../contract/metricsSinks';
import { fleetText, type InstallSummary } from '../../contract/installs';
import type { JobSnapshot } from '../../contract/jobs';
import { cutoverText } from '../../contract/cutover/status';
import type { CutoverEventKind, RolloutEvent } from '../../contract/webhookEvents';
import { RolloutPhase } from '../../contract/searchAttributes';
import { freezeSetText, liftedText, type FreezeState, type HeldCreate } from '../../contract/freeze/state';
import type { FreezeHold } from '../shared/freezeHold';
import { reportPhaseToRelease } from './reportToRelease';
import type { RolloutOptions } from '../../contract/rollout/input';
import { isFinalPhase, type Awaiting, type Phase, type RolloutStatus, type Step } from '../../contract/rollout/status';

const TIMELINE_LIMIT = 100;

/** The phase each step works in: where an operator's retry, unlock or proceed takes the rollout back. */
const WORKING_PHASE: Partial<Record<Step, Phase>> = {
  update: 'updating',
  diff: 'diffing',
  schedule: 'scheduled',
  version: 'versioning',
  install: 'installing',
  cutover: 'cutting-over',
  bake: 'baking',
};
const { rolloutMetrics } = proxySinks<RolloutMetricsSinks>();

/**
 * The step whose create a freeze holds, where the rollout goes on once it is lifted: the create's
 * own; a switch back's is the cutover's.
 */
const stepOfCreate = (create: HeldCreate): Step =>
  create === 'rollback' ? 'cutover' : create === 'wave' ? 'diff' : create;

/**
 * The rollout's state as the outside world sees it: the `status` query's answer, the
 * RolloutPhase search attribute and the Web UI's "current details", all kept in step.
 */
export class RolloutTracker implements FreezeHold {
  readonly status: RolloutStatus;
  readonly startedAt = new Date().toISOString();
  private upsertedPhase?: Phase;
  private phaseSince = Date.now();
  /** Set when the input asks for webhook notifications. */
  notify = false;
  private readonly outbox = new NotificationOutbox();
  /** The last operator action, for the webhook event of the phase change it caused. */
  private lastAction?: { action: string; by: string | null };
  private readonly lastingWarnings: string[] = [];
  /** The step the rollout waits to resume, while a person is needed (awaitPerson). */
  private resumeStep?: Step;

  constructor(input: Pick<RolloutOptions, 'accountServiceId' | 'imageId' | 'machineId' | 'gameBuild'>) {
    this.status = {
      phase: 'diffing',
      step: null,
      accountServiceId: input.accountServiceId,
      imageId: input.imageId,
      machineId: input.machineId,
      gameBuild: input.gameBuild,
      created: { updateIds: [], diffIds: [], imageVersionIds: [], uninstallJobIds: [] },
      job: null,
      attempts: {},
      lastError: null,
      awaiting: null,
      installs: null,
      warnings: [],
      timeline: [],
    };
  }

  get phase(): Phase {
    return this.status.phase;
  }

  /** Moves to a phase; the search attribute is upserted only when the phase really changes. */
  enter(phase: Phase, step: Step | null, event: string): void {
    // A completed rollout has, by definition, got past every error it met.
    if (phase === 'completed') this.resolved('rollout');
    // The freeze that held it is shown only while it holds (a cancel may end a held rollout).
    if (phase !== 'frozen') this.status.frozen = undefined;
    this.status.phase = phase;
    this.status.step = step;
    this.note(step ?? 'rollout', event);
    if (phase !== this.upsertedPhase) {
      upsertSearchAttributes({ [RolloutPhase.name]: [phase] });
      rolloutMetrics.phaseEntered(phase, this.upsertedPhase ?? null, (Date.now() - this.phaseSince) / 1000);
      if (this.notify) this.sendNotification(phase, this.upsertedPhase ?? null, event);
      reportPhaseToRelease(phase, this.status.awaiting?.reason ?? event);
      this.upsertedPhase = phase;
      this.phaseSince = Date.now();
    }
    this.describe(event);
  }

  /** A reminder while a person is needed: in the timeline, and to the webhook whether or not the input asked for phase changes. */
  remind(text: string): void {
    this.note(this.status.step ?? 'rollout', text);
    this.sendNotification(this.status.phase, this.status.phase, text, { reminder: true });
  }

  /**
   * A step of going live (cutover-started, cutover, cutover-complete, unhealthy, rolled-back): in
   * the timeline and the current details, and posted to the webhook whether or not the input asked
   * for phase changes, since it tells where players are.
   */
  cutoverEvent(kind: CutoverEventKind, text: string): void {
    this.note(this.status.step ?? 'rollout', text);
    this.describe(text);
    this.sendNotification(this.status.phase, this.status.phase, text, {
      cutoverEvent: kind,
      ...(this.status.cutover && { cutover: { ...this.status.cutover } }),
    });
  }

  /** Queues the phase change for the webhook; the rollout goes on while it is delivered (notificationOutbox.ts). */
  private sendNotification(
    phase: Phase,
    previous: Phase | null,
    event: string,
    extra: Pick<RolloutEvent, 'reminder' | 'cutoverEvent' | 'cutover'> = {},
  ): void {
    const s = this.status;
    const final = isFinalPhase(phase);
    const payload = {
      workflowId: workflowInfo().workflowId,
      phase,
      previousPhase: previous,
      step: s.step,
      event,
      at: new Date().toISOString(),
      accountServiceId: s.accountServiceId,
      imageId: s.imageId,
      gameBuild: s.gameBuild,
      diffId: s.diffId,
      imageVersionId: s.imageVersionId,
      awaiting: s.awaiting ? { reason: s.awaiting.reason, actions: s.awaiting.actions } : null,
      lastError: s.lastError,
      lastAction: this.lastAction,
      ...(s.cutover && !extra.cutover && { cutover: { ...s.cutover } }),
      ...extra,
      final,
    };
    // An action is reported with the first event after it, not with every later one.
    this.lastAction = undefined;
    this.outbox.post(payload);
  }

  /** Before the workflow ends: the events still queued are delivered, or handed on (shared/notifications.ts). */
  flushNotifications(): Promise<void> {
    return finishNotifications(this.outbox);
  }

  /** An operator action taken: in the timeline, the status and result (the last 50), and the metrics (named or not, never the name). */
  operatorAction(action: string, by: string | undefined, event: string, reason?: string): void {
    this.lastAction = recordOperatorAction((this.status.actions ??= []), action, by, reason);
    this.note('rollout', event);
  }

  /** Counts an attempt at a step and returns it. */
  attempt(step: Step): number {
    const n = (this.status.attempts[step] ?? 0) + 1;
    this.status.attempts[step] = n;
    return n;
  }

  /** Records a job this rollout made. */
  created(kind: keyof RolloutStatus['created'], id: number): void {
    const ids = this.status.created[kind];
    if (!ids.includes(id)) ids.push(id);
  }

  job(job: JobSnapshot): void {
    this.status.job = job;
    this.status.jobstateid = job.jobstateid;
    this.status.jobstatename = job.jobstatename;
    this.status.jobprogress = job.jobprogress;
    this.status.jobeta = job.jobeta;
  }

  error(step: Step, message: string): void {
    this.status.lastError = message;
    this.note(step, `error: ${message}`);
    log.warn('rollout step failed', { step, error: message });
  }

  /** The installs' counts, and the fleet's, as the last follow saw them. */
  installs(summary: InstallSummary): void {
    this.status.installs = summary;
    this.status.fleet = summary.fleet;
    this.describe(this.status.timeline.at(-1)?.event ?? 'installing');
  }

  /** A warning the follower reported (a job past its eta, no progress, the API silent): shown until the job ends. */
  warn(step: Step, text: string): void {
    const warnings = (this.status.warnings ??= []);
    if (!warnings.includes(text)) warnings.push(text);
    this.note(step, `warning: ${text}`);
    log.warn('rollout warning', { step, warning: text });
    this.describe(this.status.timeline.at(-1)?.event ?? text);
  }

  /** A warning about the rollout rather than one job (a search attribute it could not set): kept to its end. */
  warnUntilEnd(step: Step, text: string): void {
    this.lastingWarnings.push(text);
    this.warn(step, text);
  }

  /** A job's warnings end with it; the rollout's own stay. */
  clearWarnings(): void {
    if (this.status.warnings?.length)
      this.status.warnings = this.status.warnings.filter((text) => this.lastingWarnings.includes(text));
  }

  /** The step that failed has now succeeded: its error stays in the timeline, not in `lastError`. */
  resolved(step: Step | 'rollout'): void {
    if (this.status.lastError === null) return;
    this.note(step, `resolved: ${this.status.lastError}`);
    this.status.lastError = null;
  }

  /**
   * An operator's action resumed work (retry, unlock, proceed…): the rollout is back in the phase
   * of the step it waited in at once, before the step's first call, so `status`, `RolloutPhase`,
   * the release and the webhook say so while the job is followed again. The one place a wait for
   * an operator ends; the error it answered stays in the timeline.
   */
  resumed(action: string): void {
    const step = this.resumeStep;
    const phase = step === undefined ? undefined : WORKING_PHASE[step];
    this.status.awaiting = null;
    const waiting = this.status.phase === 'awaiting-operator' || this.status.phase === 'frozen';
    if (!waiting || step === undefined || phase === undefined) return;
    const answered = this.status.lastError === null ? '' : ` (after: ${this.status.lastError})`;
    this.status.lastError = null;
    this.enter(phase, step, `${action}: back to ${phase}${answered}`);
  }

  /**
   * A freeze holds this rollout's next create (shared/freezeHold.ts): phase `frozen`, in the
   * timeline and the webhook with who froze it and why, until it is lifted.
   */
  held(create: HeldCreate, state: FreezeState): void {
    const freeze = state.freeze!;
    this.status.frozen = freeze;
    this.awaitPerson(
      'frozen',
      stepOfCreate(create),
      `${freezeSetText(freeze)}: the ${create} create waits until unfrozen (jobs already running are followed)`,
      ['unfreeze', 'cancel'],
    );
  }

  /** The freeze was lifted: back to the step's working phase, saying who lifted it. */
  released(_create: HeldCreate, state: FreezeState): void {
    this.resumed(liftedText(state));
  }

  /** `resumeAt`: the step an action that resumes work goes back to, when not the one waited in. */
  awaitPerson(phase: Phase, step: Step, reason: string, actions: string[], resumeAt: Step = step): void {
    this.resumeStep = resumeAt;
    this.status.awaiting = { reason, actions, since: new Date().toISOString() } satisfies Awaiting;
    this.enter(phase, step, reason);
  }

  clearAwaiting(): void {
    this.status.awaiting = null;
  }

  note(step: Step | 'rollout', event: string): void {
    this.status.timeline.push({ at: new Date().toISOString(), step, event });
    if (this.status.timeline.length > TIMELINE_LIMIT) this.status.timeline.splice(1, 1);
  }

  /** The Web UI's "current details": what the rollout is doing now, in words (markdown). */
  describe(now: string): void {
    const s = this.status;
    const ids = [
      s.updateId && `update ${s.updateId}`,
      s.diffId && `diff ${s.diffId}`,
      s.imageVersionId && `version ${s.imageVersionId}`,
    ].filter(Boolean);
    const lines = [
      `**${s.phase}**${s.step ? ` (${s.step})` : ''}: ${now}`,
      `image ${s.imageId} on ASID ${s.accountServiceId}${s.gameBuild ? `, build ${s.gameBuild}` : ''}`,
    ];
    if (ids.length) lines.push(ids.join(' · '));
    if (s.fleet) lines.push(`fleet: ${fleetText(s.fleet)}`);
    if (s.cutover) lines.push(cutoverText(s.cutover, Date.now()));
    if (s.awaiting) lines.push(`waiting for: ${s.awaiting.actions.join(' / ')}`);
    for (const warning of s.warnings ?? []) lines.push(`⚠ ${warning}`);
    if (s.lastError) lines.push(`last error: ${s.lastError}`);
    setCurrentDetails(lines.join('\n\n'));
  }
}
