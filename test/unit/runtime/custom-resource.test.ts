import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { answeringDeployTrigger, type CustomResourceEvent } from '../../../shared/runtime/custom-resource.js';

const event = (over: Partial<CustomResourceEvent> = {}): CustomResourceEvent => ({
  RequestType: 'Create',
  ResponseURL: 'https://cloudformation-custom-resource-response.s3.amazonaws.com/signed',
  StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/Newshound-prod-Stateless/1',
  RequestId: 'req-1',
  LogicalResourceId: 'RepublishFeeds',
  ResourceType: 'Custom::RepublishFeeds',
  ResourceProperties: { ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:publish', republish: 'all', configHash: 'abc' },
  ...over,
});

function harness(run: (event: unknown) => Promise<unknown>) {
  const puts: { url: string; answer: Record<string, unknown> }[] = [];
  const seen: unknown[] = [];
  const handler = answeringDeployTrigger(
    async (e: unknown) => {
      seen.push(e);
      return run(e);
    },
    async (url, body) => void puts.push({ url, answer: JSON.parse(body) as Record<string, unknown> }),
  );
  return { invoke: (e: unknown) => handler(e, {} as Context), puts, seen };
}

describe('answeringDeployTrigger: CloudFormation hears back on every deploy event', () => {
  it.each(['Create', 'Update'] as const)('runs the handler on %s and answers SUCCESS with its data, under a stable physical id', async (RequestType) => {
    const h = harness(async () => ({ outcome: 'republished', deleted: '3' }));
    await h.invoke(event({ RequestType, ...(RequestType === 'Update' ? { PhysicalResourceId: 'RepublishFeeds' } : {}) }));
    expect(h.seen).toHaveLength(1);
    expect(h.puts).toEqual([
      {
        url: event().ResponseURL,
        answer: { Status: 'SUCCESS', PhysicalResourceId: 'RepublishFeeds', StackId: event().StackId, RequestId: 'req-1', LogicalResourceId: 'RepublishFeeds', Data: { outcome: 'republished', deleted: '3' } },
      },
    ]);
  });

  it('answers Delete without running anything: the feeds stay with the retained bucket', async () => {
    const h = harness(async () => ({}));
    await h.invoke(event({ RequestType: 'Delete', PhysicalResourceId: 'RepublishFeeds' }));
    expect(h.seen).toEqual([]);
    expect(h.puts[0]!.answer).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'RepublishFeeds' });
  });

  it('answers FAILED with the reason when the handler throws (its dependencies could not be built, say), never leaving the stack waiting', async () => {
    const h = harness(async () => {
      throw new Error(`partners[0].tokenSecretName: ${'x'.repeat(5000)}`);
    });
    await h.invoke(event());
    expect(h.puts[0]!.answer).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/^partners\[0\]\.tokenSecretName: x+$/) });
    expect((h.puts[0]!.answer.Reason as string).length).toBe(1000);
  });

  it('passes every other event to the handler untouched', async () => {
    const h = harness(async () => ({ batchItemFailures: [] }));
    expect(await h.invoke({ Records: [] })).toEqual({ batchItemFailures: [] });
    expect(h.puts).toEqual([]);
  });
});
