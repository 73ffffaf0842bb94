import { Client } from '@temporalio/client';
import { connectFailingFast } from '../temporal/connectFast';
import { temporalSettings } from '../temporal/connection';
import { definedEnv } from '../temporal/definedEnv';
import { webUiBaseFrom, workflowUiUrl } from '../temporal/webUiUrl';

/** What the rollout and the release clients share: one Temporal client, its task queue, the Web UI. */
export interface ClientContext {
  readonly temporal: Client;
  readonly taskQueue: string;
  /** TEMPORAL_UI_URL: when set, a started rollout's or release's details link to its page. */
  readonly webUiBase?: string;
}

/** Connects with the TEMPORAL_* environment (@temporalio/envconfig); TemporalUnreachable when nothing answers. */
export async function connectContext(env: NodeJS.ProcessEnv = process.env): Promise<ClientContext> {
  const settings = temporalSettings(env);
  const connection = await connectFailingFast(settings.connectionOptions);
  return {
    temporal: new Client({ connection, namespace: settings.namespace }),
    taskQueue: settings.taskQueue,
    webUiBase: webUiBaseFrom(definedEnv(env)),
  };
}

/** The details line linking to a workflow's page in the Web UI, when TEMPORAL_UI_URL is known. */
export function webUiLine(context: ClientContext, workflowId: string): string {
  if (!context.webUiBase) return '';
  const ui = { baseUrl: context.webUiBase, namespace: context.temporal.options.namespace };
  return `\n\n**Web UI** ${workflowUiUrl(ui, workflowId)}`;
}
