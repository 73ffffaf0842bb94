import { hostname, userInfo } from 'node:os';

/**
 * Who is acting, as user@host, for the `by` of an operator action. A container may have no
 * passwd entry for its user (userInfo throws), so USER/USERNAME stand in.
 */
export function operatorName(env: NodeJS.ProcessEnv = process.env): string {
  let user: string | undefined;
  try {
    user = userInfo().username;
  } catch {
    user = env.USER ?? env.USERNAME;
  }
  return `${user || 'unknown'}@${hostname()}`;
}
