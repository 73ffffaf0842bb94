// Test-only: a `rollout` as it was before the `input` query existed (waits until terminated),
// so the client's fallback to the start event's input can be tested.
import { condition, defineQuery, setHandler } from '@temporalio/workflow';

export async function rollout(_input: unknown): Promise<void> {
  setHandler(defineQuery<string>('status'), () => 'legacy');
  await condition(() => false);
}
