import { cliPage } from './cli';
import { environmentPage } from './environment';
import { releaseInputPage, rolloutInputPage } from './inputs';
import { render, type Page } from './markdown';
import { messagesPage } from './messages';
import { metricsPage } from './metrics';
import { phasesPage } from './phases';
import { webhookEventsPage } from './webhookEvents';

/** Every generated reference page, by its path from the repository root. */
export function referencePages(): Record<string, string> {
  const pages: Record<string, () => Page> = {
    'docs/reference/rollout-input.md': rolloutInputPage,
    'docs/reference/release-input.md': releaseInputPage,
    'docs/reference/cli.md': cliPage,
    'docs/reference/environment.md': environmentPage,
    'docs/reference/phases.md': phasesPage,
    'docs/reference/messages.md': messagesPage,
    'docs/reference/metrics.md': metricsPage,
    'docs/reference/webhook-events.md': webhookEventsPage,
  };
  return Object.fromEntries(Object.entries(pages).map(([path, build]) => [path, render(build())]));
}
