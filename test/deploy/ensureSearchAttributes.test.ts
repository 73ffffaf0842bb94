import { randomUUID } from 'node:crypto';
import { NativeConnection } from '@temporalio/worker';
import pino from 'pino';
import { describe, expect, inject, it } from 'vitest';
import { checkSearchAttributes } from '../../src/service/searchAttributeCheck';
import { ensureSearchAttributes } from '../../src/temporal/ensureSearchAttributes';
import { SEARCH_ATTRIBUTE_FLAGS } from '../../src/contract/searchAttributes';
import { temporalCli } from '../support/temporalCli';

// `npm run dev` keeps .dev/temporal.db; start-dev registers --search-attribute only when it
// creates it, so an attribute added since (ReleaseId) is registered by ensureSearchAttributes.
describe('ensureSearchAttributes', () => {
  it('adds what the namespace lacks, and nothing when all are there', async () => {
    const address = inject('temporalAddress');
    expect(await ensureSearchAttributes(address)).toEqual([]);
    const name = `Added${randomUUID().replace(/-/g, '').slice(0, 8)}`;
    expect(await ensureSearchAttributes(address, 'default', [...SEARCH_ATTRIBUTE_FLAGS, `${name}=Keyword`])).toEqual([
      name,
    ]);
    expect(await temporalCli('operator', 'search-attribute', 'list')).toMatch(new RegExp(`${name}\\s+Keyword`));
  });

  it('the worker registers at start what its namespace lacks, or, told not to, says which with the command to add them', async () => {
    const namespace = `bare-${randomUUID().slice(0, 8)}`;
    await temporalCli('operator', 'namespace', 'create', '--namespace', namespace);
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    try {
      const names = SEARCH_ATTRIBUTE_FLAGS.map((flag) => flag.split('=')[0]);
      expect(await checkSearchAttributes(connection.operatorService, 'default', logger)).toEqual({
        added: [],
        missing: [],
      });
      expect(await checkSearchAttributes(connection.operatorService, namespace, logger, false)).toEqual({
        added: [],
        missing: names,
      });
      expect(lines.at(-1)).toContain(
        `temporal operator search-attribute create --namespace ${namespace} --name ClanforgeFullImage --type Bool`,
      );
      expect(await checkSearchAttributes(connection.operatorService, namespace, logger)).toEqual({
        added: names,
        missing: [],
      });
      expect(lines.at(-1)).toContain(`registered search attributes ${names.join(', ')} in namespace ${namespace}`);
    } finally {
      await connection.close();
    }
  });
});
