import { describe, expect, it } from 'vitest';
import { freezeSetText, frozenText, holds, unfrozenText, type FreezeState } from '../../src/contract/freeze/state';

const AT = '2026-12-03T10:00:00.000Z';
const freeze = { by: 'alice@ops-1', at: AT, reason: 'incident 4711', includeRollbacks: false };

describe('the freeze, in words and in what it holds', () => {
  it('holds every create; a rollback only when the freeze includes rollbacks', () => {
    const frozen: FreezeState = { frozen: true, revision: 1, freeze };
    for (const create of ['update', 'diff', 'version', 'install', 'cutover', 'wave'] as const)
      expect(holds(frozen, create)).toBe(true);
    expect(holds(frozen, 'rollback')).toBe(false);
    expect(holds({ ...frozen, freeze: { ...freeze, includeRollbacks: true } }, 'rollback')).toBe(true);
    expect(holds({ frozen: false, revision: 2 }, 'version')).toBe(false);
  });

  it('says who, when (as of the reader) and why', () => {
    expect(frozenText(freeze, Date.parse(AT) + 12 * 60_000)).toBe('frozen by alice@ops-1 12 min ago: incident 4711');
    expect(frozenText({ ...freeze, by: null }, Date.parse(AT) + 30_000)).toBe(
      'frozen by an unnamed operator 30 s ago: incident 4711',
    );
    expect(freezeSetText(freeze)).toBe('frozen by alice@ops-1: incident 4711 (rollbacks still allowed)');
    expect(unfrozenText({ by: 'bob@ops-2', at: new Date(Date.parse(AT) + 134 * 60_000).toISOString(), freeze })).toBe(
      'unfrozen by bob@ops-2 (frozen 2 h 14 min by alice@ops-1: incident 4711)',
    );
  });
});
