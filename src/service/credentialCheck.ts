import type { Logger } from 'pino';
import type { ClanforgeClient } from '../clanforge/client';
import { isClanforgeError } from '../clanforge/errors';

export type CredentialVerdict = 'ok' | 'rejected' | 'unknown';

/**
 * Every Clanforge call needs an account service id and the worker knows none, so the probe
 * asks for a placeholder one: only authentication matters. 403 and business errors ("not
 * accessible with these credentials", unknown id) come after the credentials were accepted.
 */
const PROBE_ASID = 1;

/**
 * One cheap authenticated read at start, so bad credentials show in the worker's log at once
 * instead of in the first rollout that parks in awaiting-operator. One log line, never throws,
 * bounded by the client's request timeout; the worker runs whatever the answer.
 */
export async function checkClanforgeCredentials(client: ClanforgeClient, logger: Logger): Promise<CredentialVerdict> {
  try {
    await client.imageInstallStatus(PROBE_ASID);
  } catch (error) {
    if (isClanforgeError(error) && error.type === 'ClanforgeAuthError' && error.httpStatus === 401) {
      logger.error(
        { httpStatus: 401 },
        'clanforge credentials rejected (HTTP 401): rollouts will wait for an operator until fixed',
      );
      return 'rejected';
    }
    // No answer, or not Clanforge's (a proxy page): nothing is known about the credentials.
    if (!isClanforgeError(error) || error.transient || error.type === 'ClanforgeBadResponse') {
      logger.warn(`clanforge credentials not checked: ${error instanceof Error ? error.message : String(error)}`);
      return 'unknown';
    }
  }
  logger.info('clanforge credentials ok');
  return 'ok';
}
