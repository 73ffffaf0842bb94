import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { ensureSearchAttributes } from '../../src/temporal/ensureSearchAttributes';
import { SEARCH_ATTRIBUTE_FLAGS } from '../../src/temporal/searchAttributes';
import { temporalCli } from '../support/temporalCli';

// `npm run dev` keeps .dev/temporal.db; start-dev registers --search-attribute only when it
// creates it, so an attribute added since (ReleaseId) is registered by ensureSearchAttributes.
describe('ensureSearchAttributes', () => {
  it('adds what the namespace lacks, and nothing when all are there', async () => {
    const address = inject('temporalAddress');
    expect(await ensureSearchAttributes(address)).toEqual([]);
    const name = `Added${randomUUID().replace(/-/g, '').slice(0, 8)}`;
    expect(await ensureSearchAttributes(address, 'default', [...SEARCH_ATTRIBUTE_FLAGS, `${name}=Keyword`])).toEqual([name]);
    expect(await temporalCli('operator', 'search-attribute', 'list')).toMatch(new RegExp(`${name}\\s+Keyword`));
  });
});
