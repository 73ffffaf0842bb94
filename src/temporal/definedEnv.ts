/**
 * The environment without its empty and whitespace-only variables: read through this, '' means
 * unset. docker-compose's `${X:-}` hands unset settings to the container as '', and some readers
 * take '' as a value (@temporalio/envconfig turns TLS on for any defined TEMPORAL_API_KEY).
 */
export function definedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && value.trim() !== '') defined[name] = value;
  return defined;
}
