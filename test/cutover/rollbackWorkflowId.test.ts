import { describe, expect, it } from 'vitest';
import { rollbackWorkflowId } from '../../src/contract/rollback/workflowId';

describe('rollbackWorkflowId', () => {
  it('counts up from 1 per fleet: 1 + the earlier rollbacks of the fleet', () => {
    expect(rollbackWorkflowId('f-res', 0)).toBe('rollback-f-res-1');
    expect(rollbackWorkflowId('f-res', 4)).toBe('rollback-f-res-5');
  });

  it('refuses a count that is not a whole number >= 0, naming it', () => {
    expect(() => rollbackWorkflowId('f-res', -1)).toThrow('earlierRollbacks: must be a whole number >= 0, got -1');
    expect(() => rollbackWorkflowId('f-res', 1.5)).toThrow('earlierRollbacks: must be a whole number >= 0, got 1.5');
  });
});
