/**
 * IAM is checked, not trusted: every AWS call a function makes locally goes through the gateway, which evaluates it
 * against that function's role policies from the synthesized template. Remove one grant from the template and the
 * very call that needed it is denied, and the check names the function, the action and the resource.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { accessKeyIdOf } from '../../infra/local/aws/local-cloud.js';
import { DynamoStoryStore } from '../../shared/adapters/dynamodb/dynamo-story-store.js';
import { LOCAL_REGION, type StackTemplate } from '../../infra/local/aws/local-deployment.js';
import { queueEvent } from '../../infra/local/aws/trigger-events.js';
import { rssFeed } from '../support/feed-builder.js';
import { startFeedServer } from '../support/feed-server.js';
import { expectOnlyAllowedCalls, startTestSystem, testStage, type TestSystem } from './support/local-system.js';

const feedXml = rssFeed({ title: 'Wire', items: [{ title: 'CSTO leaders meet in Minsk', link: 'https://wire.example/csto', id: 'w-1' }] });

/** Drops the statements of a function's role policies that allow `action` (on resources naming `resourceHint`). */
function removeGrant(stacks: StackTemplate[], fnPrefix: string, action: string, resourceHint: string): number {
  let removed = 0;
  for (const { template } of stacks) {
    for (const [id, resource] of Object.entries(template.Resources)) {
      if (resource.Type !== 'AWS::IAM::Policy' || !id.startsWith(`${fnPrefix}Role`)) continue;
      const document = resource.Properties!.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] };
      const before = document.Statement.length;
      document.Statement = document.Statement.filter((s) => !([s.Action].flat().includes(action) && JSON.stringify(s.Resource).includes(resourceHint)));
      removed += before - document.Statement.length;
    }
  }
  return removed;
}

describe('IAM grants, checked on every call', () => {
  let system: TestSystem | undefined;
  let feeds: Awaited<ReturnType<typeof startFeedServer>> | undefined;
  afterEach(async () => {
    await system?.stop();
    await feeds?.close();
  });

  it('names the function, action and resource of a grant removed from the template', { timeout: 120_000 }, async () => {
    feeds = await startFeedServer({ '/wire.xml': { body: feedXml } });
    let removed = 0;
    system = await startTestSystem({
      config: testStage({ feeds: [{ id: 'wire', url: `${feeds!.url}/wire.xml` }] }),
      // poll-feed may no longer hand matches to the fan-out queue.
      editTemplates: (stacks) => (removed = removeGrant(stacks, 'PollFeed', 'sqs:SendMessage', 'FanOutQueue')),
    });
    expect(removed).toBe(1);

    const result = await system.cloud.lambda.invoke('poll-feed', await queueEvent(system.cloud, 'poll-feed', [{ feedId: 'wire', force: true }]));
    // The batch's only message failed (SQS will deliver it again), as it would in AWS.
    expect(result).toMatchObject({ ok: false, error: { errorMessage: expect.stringContaining('All records failed') } });
    const fanOutQueue = system.cloud.deployment.queues.find((q) => q.logicalId.startsWith('FanOutQueue') && !q.logicalId.includes('Dlq'))!;
    expect(() => expectOnlyAllowedCalls(system!)).toThrow(`poll-feed may not sqs:SendMessage on ${fanOutQueue.arn}`);
    // Nothing is lost: the match stays pending for the outbox sweep.
    expect(await system.context.stores.matches.listPending(new Date(Date.now() + 60_000), 10)).toHaveLength(1);
  });

  it('keeps a function to the item types of its entry: a write, a batch item, an index or a scan outside them is denied', { timeout: 120_000 }, async () => {
    system = await startTestSystem({ config: testStage({ feeds: [] }) });
    // poll-feed's own credentials, as its bundle signs: it may touch feeds, articles and matches, and query no index.
    const client = new DynamoDBClient({ region: LOCAL_REGION, endpoint: system.cloud.urls.gateway, credentials: { accessKeyId: accessKeyIdOf({ name: 'poll-feed' }), secretAccessKey: 'local' }, maxAttempts: 1 });
    const doc = DynamoDBDocumentClient.from(client);
    const TableName = system.cloud.tableName;
    try {
      await doc.send(new PutCommand({ TableName, Item: { pk: 'FEED#probe', sk: 'STATE' } }));
      const denied = [
        doc.send(new PutCommand({ TableName, Item: { pk: 'SUB#intruder', sk: 'SUB', subscriber: { id: 'intruder' } } })),
        doc.send(new BatchWriteCommand({ RequestItems: { [TableName]: [{ PutRequest: { Item: { pk: 'ART#probe', sk: 'ART' } } }, { PutRequest: { Item: { pk: 'DLV#x#email#probe', sk: 'DLV' } } }] } })),
        doc.send(new QueryCommand({ TableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'DIGESTS' } })),
        doc.send(new ScanCommand({ TableName })),
      ];
      for (const call of denied) await expect(call).rejects.toMatchObject({ name: 'AccessDeniedException' });
    } finally {
      client.destroy();
    }
    const table = system.cloud.deployment.tables[0]!;
    const tableArn = `arn:aws:dynamodb:${LOCAL_REGION}:000000000000:table/${table.name}`;
    expect(system.cloud.gateway.calls.filter((c) => c.principal === 'poll-feed').map((c) => [c.operation, c.allowed, c.context?.['dynamodb:LeadingKeys']])).toEqual([
      ['PutItem', true, ['FEED#probe']],
      ['PutItem', false, ['SUB#intruder']],
      ['BatchWriteItem', false, ['ART#probe', 'DLV#x#email#probe']],
      ['Query', false, ['DIGESTS']],
      ['Scan', false, undefined],
    ]);
    expect(await system.context.stores.subscribers.get('intruder')).toBeUndefined();
    expect(() => expectOnlyAllowedCalls(system!)).toThrow(`poll-feed may not dynamodb:PutItem on ${tableArn} with leading keys SUB#intruder (no statement allows it)`);
  });

  it('lets poll-feed assign stories, publish-feeds and the senders (digests) read their coverage, and no reader write them', { timeout: 120_000 }, async () => {
    system = await startTestSystem({ config: testStage({ feeds: [] }) });
    const clients: DynamoDBClient[] = [];
    const storesOf = (name: string) => {
      const client = new DynamoDBClient({ region: LOCAL_REGION, endpoint: system!.cloud.urls.gateway, credentials: { accessKeyId: accessKeyIdOf({ name }), secretAccessKey: 'local' }, maxAttempts: 1 });
      clients.push(client);
      return new DynamoStoryStore(DynamoDBDocumentClient.from(client), system!.cloud.tableName);
    };
    const article = (id: string, feedId: string) => ({
      id,
      feedId,
      title: 'CSTO secretary-general Tasmagambetov visits Yerevan',
      text: 'Imangali Tasmagambetov met Nikol Pashinyan in Yerevan on 3 December.',
      sourceTitle: feedId,
      firstSeen: '2026-12-03T10:00:00.000Z',
    });
    try {
      const poll = storesOf('poll-feed');
      expect(await poll.assign(article('a1', 'wire'))).toMatchObject({ storyId: 'a1', started: true });
      expect(await poll.assign(article('a2', 'daily'))).toMatchObject({ storyId: 'a1', started: false });
      for (const reader of ['publish-feeds', 'send-email', 'send-telegram', 'send-webhook']) {
        const coverage = await storesOf(reader).coverage(['a1']);
        expect(coverage.get('a1')?.map((m) => m.articleId), reader).toEqual(['a1', 'a2']);
      }
      await expect(storesOf('publish-feeds').assign(article('a3', 'third'))).rejects.toMatchObject({ name: 'AccessDeniedException' });
      await expect(storesOf('fan-out').coverage(['a1'])).rejects.toMatchObject({ name: 'AccessDeniedException' });
    } finally {
      for (const client of clients) client.destroy();
    }
    // publish-feeds may not even look a story up (its postings are poll-feed's); fan-out reads no story item at all.
    const denied = new Set(system.cloud.gateway.calls.filter((c) => !c.allowed).map((c) => `${c.principal} ${c.operation} ${String(c.context?.['dynamodb:LeadingKeys']).replace(/#.*/, '#')}`));
    expect([...denied].sort()).toEqual(['fan-out Query STORY#', 'publish-feeds Query STORYKEY#']);
    expect(system.cloud.gateway.calls.filter((c) => ['poll-feed', 'send-email', 'send-telegram', 'send-webhook'].includes(c.principal ?? '') && !c.allowed)).toEqual([]);
  });

  it('denies a secret parameter whose grant was removed: the page says to come back, the check names the parameter', { timeout: 120_000 }, async () => {
    let removed = 0;
    system = await startTestSystem({
      // subscriptions may no longer read (or create) the signing key.
      editTemplates: (stacks) => (removed = removeGrant(stacks, 'Subscriptions', 'ssm:GetParameter', 'signing-key')),
    });
    expect(removed).toBe(1);

    const page = await fetch(`${system.url}/subscribe`);
    expect(page.status).toBe(503);
    const parameter = system.cloud.parameters.arnOf(system.cloud.secretParameter('signingKey'));
    expect(parameter).toMatch(/:parameter\/newshound\/[a-z0-9-]+\/signing-key$/);
    expect(() => expectOnlyAllowedCalls(system!)).toThrow(`subscriptions may not ssm:GetParameter on ${parameter}`);
  });
});
