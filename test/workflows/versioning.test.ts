import { randomUUID } from 'node:crypto';
import { decodeVersioningBehavior } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { resolveBuildId } from '../../src/service/buildId';
import { useRolloutHarness } from '../support/useRolloutHarness';

// Worker Deployment Versioning against the real dev server (docs/explanation/versioning.md): the
// harness's worker is a version of its own deployment, made current as the service's is.
const h = useRolloutHarness({ speed: 200, fleet: 2, mirrors: 0 });

async function versioningOf(workflowId: string) {
  const info = (await h.temporal.workflow.getHandle(workflowId).describe()).raw.workflowExecutionInfo?.versioningInfo;
  return {
    behavior: decodeVersioningBehavior(info?.behavior),
    deploymentName: info?.deploymentVersion?.deploymentName,
    buildId: info?.deploymentVersion?.buildId,
  };
}

describe('worker deployment versioning', () => {
  it('a rollout runs PINNED to the version that started it, and completes there', async () => {
    const { workflowId } = await h.rollouts.startRollout({ accountServiceId: 1001, imageId: 7301, machineId: 7 });
    expect((await h.rollouts.result(workflowId)).phase).toBe('completed');
    expect(await versioningOf(workflowId)).toEqual({
      behavior: 'PINNED',
      deploymentName: h.taskQueue,
      buildId: resolveBuildId(),
    });
  });

  it('a release is AUTO_UPGRADE, and its child rollouts PINNED', async () => {
    const { workflowId } = await h.rollouts.startRelease({
      releaseId: `versioning-${randomUUID().slice(0, 8)}`,
      images: [{ accountServiceId: 1001, imageId: 7302, machineId: 7 }],
    });
    await h.rollouts.releaseResult(workflowId);
    expect(await versioningOf(workflowId)).toMatchObject({ behavior: 'AUTO_UPGRADE', deploymentName: h.taskQueue });
    expect(await versioningOf('rollout-1001-7302')).toMatchObject({ behavior: 'PINNED', deploymentName: h.taskQueue });
  });
});
