import type { IncomingMessage } from 'node:http';
import type { Sim } from './sim';

/** An admin failure: `{ "error": message }` with this HTTP status. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type AdminHandler = (
  sim: Sim,
  req: IncomingMessage,
  match: string[],
  query: string,
) => Promise<unknown> | unknown;

export interface AdminRoute {
  method: string;
  pattern: RegExp;
  handle: AdminHandler;
}
