import { pollPolicyFromEnv, type PollPolicy } from '../activities/pollSchedule';
import { WEBHOOK_FORMATS, type WebhookFormat } from '../activities/webhookFormat';
import { clanforgeConfigFromEnv, type ClanforgeClientConfig } from '../clanforge/config';
import { temporalSettings, type TemporalSettings } from '../temporal/connection';
import { definedEnv } from '../temporal/definedEnv';
import { webUiBaseFrom } from '../temporal/webUiUrl';
import { resolveBuildId } from './buildId';
import { DEFAULT_DEPLOYMENT_NAME, type DeploymentSettings } from './deploymentVersion';
import { envDefault } from './environment';

/** Everything the worker reads from its environment, validated up front with errors that name the variable. */
export interface WorkerConfig {
  temporal: TemporalSettings;
  clanforge: ClanforgeClientConfig;
  pollPolicy: PollPolicy;
  logLevel: string;
  metricsPort?: number;
  /** Webhook for rollouts started with notify=true; may carry a token, so it stays here. */
  webhookUrl?: string;
  /** ROLLOUT_WEBHOOK_FORMAT: what the webhook is sent (the event as JSON, or a Slack or Discord message). */
  webhookFormat: WebhookFormat;
  /** TEMPORAL_UI_URL: notifications link to the workflow in this Web UI. */
  webUiUrl?: string;
  tuning: WorkerTuning;
  /** Worker Deployment Versioning: which version this worker is, and whether it makes itself current. */
  deployment: DeploymentSettings;
  /** CLANFORGE_REGISTER_SEARCH_ATTRIBUTES: at start, register the search attributes the namespace lacks. */
  registerSearchAttributes: boolean;
}

/** The knobs that matter for many concurrent rollouts (docs/how-to/size-workers.md). */
export interface WorkerTuning {
  maxCachedWorkflows: number;
  maxConcurrentActivityTaskExecutions: number;
  maxConcurrentWorkflowTaskExecutions: number;
}

/** Empty variables count as unset (docker-compose passes unset ones as ''). */
export function workerConfigFromEnv(processEnv: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const env = definedEnv(processEnv);
  const metrics = env.METRICS_PORT?.trim();
  return {
    temporal: temporalSettings(env),
    clanforge: clanforgeConfigFromEnv(env),
    pollPolicy: pollPolicyFromEnv(env),
    logLevel: env.LOG_LEVEL?.trim() || envDefault('LOG_LEVEL'),
    metricsPort: metrics ? intIn(env, 'METRICS_PORT', 1, 65_535, 0) : undefined,
    webhookUrl: webhookFrom(env),
    webhookFormat: webhookFormatFrom(env),
    webUiUrl: webUiBaseFrom(env),
    tuning: {
      // A poll holds a slot for one status call; a waiting rollout holds none.
      maxConcurrentActivityTaskExecutions: tuning(env, 'WORKER_MAX_CONCURRENT_ACTIVITIES', 1, 100_000),
      maxConcurrentWorkflowTaskExecutions: tuning(env, 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', 2, 10_000),
      // About 1 MB each; the SDK's default follows the heap size, not the container's memory.
      maxCachedWorkflows: tuning(env, 'WORKER_MAX_CACHED_WORKFLOWS', 0, 100_000),
    },
    deployment: {
      deploymentName: deploymentNameFrom(env),
      buildId: resolveBuildId(env),
      setCurrent: booleanFrom(env, 'WORKER_DEPLOYMENT_SET_CURRENT'),
    },
    registerSearchAttributes: booleanFrom(env, 'CLANFORGE_REGISTER_SEARCH_ATTRIBUTES'),
  };
}

/** A tuning knob: its default is the one ENVIRONMENT declares (and the reference documents). */
function tuning(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number {
  return intIn(env, name, min, max, Number(envDefault(name)));
}

/** Temporal allows no "." or ":" in a deployment name (they separate it from the build id). */
function deploymentNameFrom(env: NodeJS.ProcessEnv): string {
  const raw = env.WORKER_DEPLOYMENT_NAME?.trim();
  if (!raw) return DEFAULT_DEPLOYMENT_NAME;
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(raw))
    throw new Error(`WORKER_DEPLOYMENT_NAME must be 1-200 letters, digits, "_" or "-", got "${raw}"`);
  return raw;
}

/** A true/false knob: its default is the one ENVIRONMENT declares. */
function booleanFrom(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return envDefault(name) === 'true';
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new Error(`${name} must be true or false, got "${env[name]}"`);
}

function intIn(env: NodeJS.ProcessEnv, name: string, min: number, max: number, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

function webhookFrom(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.ROLLOUT_WEBHOOK_URL?.trim();
  if (!raw) return undefined;
  if (!/^https?:\/\/\S+$/.test(raw)) throw new Error('ROLLOUT_WEBHOOK_URL must be an http(s) URL');
  return raw;
}

function webhookFormatFrom(env: NodeJS.ProcessEnv): WebhookFormat {
  const raw = env.ROLLOUT_WEBHOOK_FORMAT?.trim();
  if (!raw) return 'json';
  const format = WEBHOOK_FORMATS.find((name) => name === raw.toLowerCase());
  if (!format) throw new Error(`ROLLOUT_WEBHOOK_FORMAT must be one of ${WEBHOOK_FORMATS.join(', ')}, got "${raw}"`);
  return format;
}
