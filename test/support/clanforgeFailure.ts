import { expect } from 'vitest';
import { ClanforgeError } from '../../src/clanforge/errors';
import { ACCESS, SECRET } from './simulator';

/** The ClanforgeError a call fails with; whatever went wrong, it never carries the credentials. */
export async function clanforgeFailure(promise: Promise<unknown>): Promise<ClanforgeError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ClanforgeError);
    const e = error as ClanforgeError;
    const everything = `${e.message} ${e.stack} ${JSON.stringify(e)}`;
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(Buffer.from(`${ACCESS}:${SECRET}`).toString('base64'));
    return e;
  }
  throw new Error('expected a ClanforgeError');
}
