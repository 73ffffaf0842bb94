import { workflowUiUrl, type WebUi } from '../temporal/webUiUrl';
import type { WebhookEvent } from '../contract/webhookEvents';
import { eventLine, type EventLine } from './webhookLine';

/** ROLLOUT_WEBHOOK_FORMAT: the event itself (json), or one readable line for a Slack or Discord incoming webhook. */
export const WEBHOOK_FORMATS = ['json', 'slack', 'discord'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** How the worker's webhook wants its events. */
export interface WebhookStyle {
  format?: WebhookFormat;
  /** TEMPORAL_UI_URL and the namespace: the line links to the workflow there. */
  webUi?: WebUi;
}

/** Discord refuses a message whose content is longer than this. */
export const DISCORD_CONTENT_LIMIT = 2000;

/** The body to POST for an event, in the webhook's format. */
export function webhookBody(event: WebhookEvent, style: WebhookStyle = {}): unknown {
  const format = style.format ?? 'json';
  if (format === 'json') return event;
  const line = eventLine(event);
  const url = style.webUi && workflowUiUrl(style.webUi, event.workflowId);
  // Nobody is pinged by what an operator typed into a reason ("@everyone").
  return format === 'slack'
    ? { text: slackText(line, url) }
    : { content: discordContent(line, url), allowed_mentions: { parse: [] } };
}

/** Slack's mrkdwn: the name as a `<url|name>` link; &, < and > escaped as Slack asks. */
function slackText(line: EventLine, url: string | undefined): string {
  const name = escapeSlack(line.name);
  return `${url ? `<${escapeSlack(url)}|${name}>` : name}${escapeSlack(line.rest)}`;
}

function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Discord markdown: the name as a `[name](url)` link, the rest escaped and cut to fit the limit. */
function discordContent(line: EventLine, url: string | undefined): string {
  // Parentheses would end the link's URL early.
  const head = url ? `[${escapeDiscord(line.name)}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})` : '';
  if (head.length >= DISCORD_CONTENT_LIMIT) return discordContent(line, undefined);
  return head + escapedWithin(url ? line.rest : line.name + line.rest, DISCORD_CONTENT_LIMIT - head.length);
}

function escapeDiscord(text: string): string {
  return text.replace(/[\\*_~`|<>[\]]/g, '\\$&');
}

/** The text escaped, cut at a whole character (never inside an escape or a surrogate pair) and ended with "…" if it passes `room`. */
function escapedWithin(text: string, room: number): string {
  let escaped = escapeDiscord(text);
  const chars = Array.from(text);
  let keep = chars.length;
  while (escaped.length > room && keep > 0) {
    // Each character dropped shortens the result by at least one unit: one pass is usually enough.
    keep = Math.max(0, keep - (escaped.length - room));
    escaped = `${escapeDiscord(chars.slice(0, keep).join(''))}…`;
  }
  return escaped;
}
