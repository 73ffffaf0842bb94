import type { Logger } from 'pino';
import type { ClanforgeClient } from '../clanforge/client';
import { isClanforgeError } from '../clanforge/errors';

export type CredentialVerdict = 'ok' | 'rejected' | 'unknown';

/** What one probe learnt; `problem` says why nothing is known (never a secret). */
export interface CredentialProbe {
  verdict: CredentialVerdict;
  problem?: string;
}

/**
 * Every Clanforge call needs an account service id and the worker knows none, so the probe
 * asks for a placeholder one: only authentication matters. 403 and business errors ("not
 * accessible with these credentials", unknown id) come after the credentials were accepted.
 */
const PROBE_ASID = 1;

/** One cheap authenticated read, bounded by the client's request timeout; never throws, logs nothing. */
export async function probeClanforgeCredentials(client: ClanforgeClient): Promise<CredentialProbe> {
  try {
    await client.imageInstallStatus(PROBE_ASID);
  } catch (error) {
    if (isClanforgeError(error) && error.credentialsRejected) return { verdict: 'rejected' };
    // No answer, or not Clanforge's (a proxy page): nothing is known about the credentials.
    if (!isClanforgeError(error) || error.transient || error.type === 'ClanforgeBadResponse')
      return { verdict: 'unknown', problem: error instanceof Error ? error.message : String(error) };
  }
  return { verdict: 'ok' };
}

/**
 * The check at start, so bad credentials show in the worker's log at once: one log line, never
 * throws. What the worker then does about a rejection is credentialWatch.ts's business.
 */
export async function checkClanforgeCredentials(client: ClanforgeClient, logger: Logger): Promise<CredentialVerdict> {
  const { verdict, problem } = await probeClanforgeCredentials(client);
  if (verdict === 'rejected')
    logger.error({ httpStatus: 401 }, `clanforge credentials rejected (HTTP 401): ${REJECTED_CONSEQUENCE}`);
  else if (verdict === 'unknown') logger.warn(`clanforge credentials not checked: ${problem ?? 'no answer'}`);
  else logger.info('clanforge credentials ok');
  return verdict;
}

/** What a rejection means for this worker, in its log and on /ready. */
export const REJECTED_CONSEQUENCE = 'this worker takes no Clanforge work until they are accepted';
