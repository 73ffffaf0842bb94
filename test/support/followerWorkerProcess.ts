// A worker in its own process, so a test can kill -9 it mid-poll as a crash would.
import { resolve } from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { ClanforgeClient } from '../../src/clanforge/client';

async function main(): Promise<void> {
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    taskQueue: process.env.TEMPORAL_TASK_QUEUE ?? 'follower-test',
    workflowsPath: resolve(__dirname, '../workflows/followJobWorkflows.ts'),
    activities: createActivities(ClanforgeClient.fromEnv()),
  });
  process.stdout.write('worker ready\n');
  await worker.run();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
