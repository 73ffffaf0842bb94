/**
 * Every environment variable the worker reads, in one place: the README, `.env.example` and
 * the compose file's worker service are checked against this list (test/deploy/wiring.test.ts).
 */
export interface EnvVar {
  name: string;
  /** What the worker uses when it is unset ('' = nothing). */
  default: string;
  meaning: string;
  secret?: boolean;
}

export const WORKER_ENV: readonly EnvVar[] = [
  {
    name: 'TEMPORAL_ADDRESS',
    default: 'localhost:7233',
    meaning: 'Temporal frontend (read through @temporalio/envconfig)',
  },
  { name: 'TEMPORAL_NAMESPACE', default: 'default', meaning: 'namespace (read through @temporalio/envconfig)' },
  { name: 'TEMPORAL_TASK_QUEUE', default: 'clanforge-rollout', meaning: 'task queue the worker polls' },
  { name: 'TEMPORAL_TLS_CERT', default: '', meaning: 'mTLS client certificate file (with TEMPORAL_TLS_KEY)' },
  { name: 'TEMPORAL_TLS_KEY', default: '', meaning: 'mTLS client key file', secret: true },
  {
    name: 'TEMPORAL_API_KEY',
    default: '',
    meaning: 'API key, e.g. Temporal Cloud (read through @temporalio/envconfig)',
    secret: true,
  },
  { name: 'CLANFORGE_BASE_URL', default: 'https://api.multiplay.co.uk/cfp/v1', meaning: 'Clanforge API base' },
  { name: 'CLANFORGE_ACCESS_KEY', default: '', meaning: 'Clanforge Basic-auth access key' },
  { name: 'CLANFORGE_SECRET_KEY', default: '', meaning: 'Clanforge Basic-auth secret key', secret: true },
  {
    name: 'CLANFORGE_CREDENTIALS_FILE',
    default: '',
    meaning: 'alternative to the two keys: a file holding access:secret',
  },
  { name: 'CLANFORGE_TIMEOUT_MS', default: '30000', meaning: 'per-request timeout' },
  { name: 'CLANFORGE_MAX_SOCKETS', default: '50', meaning: 'keep-alive sockets per host' },
  { name: 'CLANFORGE_POLL_SCALE', default: '1', meaning: 'divide poll delays by this (only for a sped-up simulator)' },
  {
    name: 'ROLLOUT_WEBHOOK_URL',
    default: '',
    meaning: 'where rollouts and releases with notify=true post their events (as ROLLOUT_WEBHOOK_FORMAT says)',
    secret: true,
  },
  {
    name: 'ROLLOUT_WEBHOOK_FORMAT',
    default: 'json',
    meaning:
      'what the webhook is sent: json (the event), slack ({"text": one line}) or discord ({"content": one line})',
  },
  {
    name: 'TEMPORAL_UI_URL',
    default: '',
    meaning: 'Temporal Web UI base URL, e.g. http://localhost:8080: notifications link to the workflow there',
  },
  { name: 'LOG_LEVEL', default: 'info', meaning: 'pino level' },
  { name: 'METRICS_PORT', default: '', meaning: 'serve Prometheus metrics on this port' },
  {
    name: 'WORKER_MAX_CONCURRENT_ACTIVITIES',
    default: '1000',
    meaning: 'activity slots: a poll holds one for one status call, a waiting rollout none',
  },
  { name: 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', default: '40', meaning: 'workflow task slots' },
  { name: 'WORKER_MAX_CACHED_WORKFLOWS', default: '250', meaning: 'sticky cache size (about 0.6 MB each)' },
  {
    name: 'WORKER_DEPLOYMENT_NAME',
    default: 'clanforge-rollout',
    meaning:
      'Worker Deployment this worker belongs to (docs/explanation/versioning.md); its version is <name>:<build id>',
  },
  {
    name: 'CLANFORGE_BUILD_ID',
    default: '',
    meaning:
      "build id of this worker's version; unset: <package version>+<git commit>, as `npm run build` recorded it in lib/build-id.json (a Docker build without .git: a hash of src/)",
  },
  {
    name: 'WORKER_DEPLOYMENT_SET_CURRENT',
    default: 'false',
    meaning:
      'true: once polling, the worker makes its own version current (npm run dev, tests, compose); in production an operator does (docs/how-to/upgrade.md)',
  },
];
