/** Where the Temporal Web UI shows a namespace's workflows: TEMPORAL_UI_URL and the namespace. */
export interface WebUi {
  baseUrl: string;
  namespace: string;
}

/**
 * TEMPORAL_UI_URL, checked: an http(s) URL without its trailing slashes, or undefined when unset
 * (read from a definedEnv environment, so '' is unset). The worker and the CLI both read it.
 */
export function webUiBaseFrom(env: Record<string, string | undefined>): string | undefined {
  const raw = env.TEMPORAL_UI_URL?.trim();
  if (!raw) return undefined;
  if (!/^https?:\/\/[^\s/]+\S*$/.test(raw))
    throw new Error(`TEMPORAL_UI_URL must be an http(s) URL such as http://localhost:8080, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

/** A workflow's page in the Web UI; without a run id the UI shows its latest run. */
export function workflowUiUrl(ui: WebUi, workflowId: string): string {
  return `${ui.baseUrl}/namespaces/${encodeURIComponent(ui.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
