import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Single-table design. Keys:
 *   article        pk ART#<id>                 sk ART
 *   feed state     pk FEED#<id>                sk STATE      (no index: read by key; holds the poll lease,
 *                                                            leaseHolder/leaseUntil, and polledAt; < 1 KB)
 *   feed recent ids pk FEED#<id>               sk RECENT     (ids of the feed's items, written when they change)
 *   match          pk TOPIC#<topicId>          sk ART#<id>   gsi1 TOPIC#<topicId> / <matchedAt>#<id>
 *                                                            gsi2 OUTBOX / <matchedAt>#... while pending, then
 *                                                            TIMELINE (handed on) or PARKED (refused by the queue,
 *                                                            parkedReason and parkedAt on the item)
 *   subscriber     pk SUB#<id>                 sk SUB
 *   subscription   pk TOPICSUBS#<topicId>      sk SUB#<id>   (a copy of the subscriber, for fan-out in one query)
 *   delivery       pk DLV#<sub>#<channel>#<article> sk DLV
 *   digest         pk DIGEST#<sub>#<channel>#<slot> sk BATCH (gsi1 DIGESTS / <slot>#...) or ART#<id> (held alerts)
 *   topic activity pk ACTIVITY#<topicId>       sk <time>#<article> expiresAt (storm control's window)
 *   story alert    pk STORYALERT#<storyId>     sk TOPIC#<topicId> articleId expiresAt (the article that alerted the
 *                                                            topic for the story: a topic alerts once per story)
 *   email lookup   pk EMAIL#<lower-case address>  sk SUB#<id>     (every subscriber holding the address)
 *   chat lookup    pk TGCHAT#<chatId>          sk SUB#<id>
 *   web claim      pk WEBSUB#<lower-case address> sk WEBSUB    (subscriberId: the address's self-service record)
 *   suppression    pk SUPPRESS#<lower-case address> sk SUPPRESS  (SES bounce/complaint; kept for good)
 *   rate counter   pk RATE#<scope>:<hash>:<window> sk RATE   expiresAt (fixed-window abuse limits)
 *   once key       pk ONCE#<key>               sk ONCE       expiresAt (e.g. Telegram update ids seen)
 *   sender halt    pk HALTS                    sk SENDER#<function> (a sender stopped by its provider, and why)
 *   story head     pk STORY#<storyId>          sk STORY      startedAt, memberCount, mergedInto (see dynamo-story-store.ts)
 *   story member   pk STORY#<storyId>          sk MEMBER#<time>#<article>  coverage fields and signature
 *   story claim    pk STORY#<articleId>        sk ARTICLE    storyId (an article's one story)
 *   story key      pk STORYKEY#<key>           sk <storyId>  seen, expiresAt (candidate lookup within the window)
 * The CDK stack declares the same keys and indexes (infra/stacks); `expiresAt` is the TTL attribute. Each function
 * may touch only the item types its topology entry names, by these partition key prefixes (shared/topology/table-keys.ts):
 * a new item type needs its prefix there and in the entries of the functions that touch it.
 */
export const tableKeys = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
  ttlAttribute: 'expiresAt',
} as const;

/** Creates the table when absent (local runtime and tests; in AWS the CDK stack owns it). */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException) && (error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
  }
  const attributes = new Set<string>([tableKeys.partitionKey, tableKeys.sortKey]);
  for (const index of tableKeys.indexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: tableKeys.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableKeys.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableKeys.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`DynamoDB table ${tableName} did not become ACTIVE`);
}

export function isConditionalCheckFailed(error: unknown): boolean {
  return (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}
