import { loadClientConnectConfig, type ClientConnectConfig } from '@temporalio/envconfig';
import { definedEnv } from './definedEnv';

export const DEFAULT_TASK_QUEUE = 'clanforge-rollout';

export interface TemporalSettings extends ClientConnectConfig {
  namespace: string;
  taskQueue: string;
}

/**
 * Temporal connection settings from @temporalio/envconfig (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TEMPORAL_API_KEY, TEMPORAL_TLS_*, or a profile file), with the contract's shorter
 * TEMPORAL_TLS_CERT / TEMPORAL_TLS_KEY (file paths) mapped onto envconfig's names, and our
 * TEMPORAL_TASK_QUEUE on top. Empty variables count as unset: envconfig never sees them.
 */
export function temporalSettings(processEnv: NodeJS.ProcessEnv = process.env): TemporalSettings {
  const env = definedEnv(processEnv);
  const overrides = { ...env };
  if (env.TEMPORAL_TLS_CERT && !env.TEMPORAL_TLS_CLIENT_CERT_PATH)
    overrides.TEMPORAL_TLS_CLIENT_CERT_PATH = env.TEMPORAL_TLS_CERT;
  if (env.TEMPORAL_TLS_KEY && !env.TEMPORAL_TLS_CLIENT_KEY_PATH)
    overrides.TEMPORAL_TLS_CLIENT_KEY_PATH = env.TEMPORAL_TLS_KEY;
  if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) {
    throw new Error('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together (mTLS client certificate and key)');
  }
  const config = loadClientConnectConfig({ overrideEnvVars: overrides });
  return {
    ...config,
    connectionOptions: { ...config.connectionOptions, address: config.connectionOptions.address ?? 'localhost:7233' },
    namespace: config.namespace ?? 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE?.trim() || DEFAULT_TASK_QUEUE,
  };
}
