import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Subscriber } from '../../domain/subscriber.js';
import type { SubscriberStore } from '../../ports/stores.js';

/**
 * Subscribers, plus one subscription item per topic holding a copy of the subscriber,
 * so fan-out reads a topic's subscribers with one query.
 */
export class DynamoSubscriberStore implements SubscriberStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Subscriber | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: `SUB#${id}`, sk: 'SUB' } }));
    return Item?.subscriber as Subscriber | undefined;
  }

  async put(subscriber: Subscriber): Promise<void> {
    const previous = await this.get(subscriber.id);
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { pk: `SUB#${subscriber.id}`, sk: 'SUB', type: 'subscriber', subscriber } }));
    const removed = (previous?.topics ?? []).filter((t) => !subscriber.topics.includes(t));
    const writes = [
      ...subscriber.topics.map((topicId) => ({ PutRequest: { Item: { pk: `TOPICSUBS#${topicId}`, sk: `SUB#${subscriber.id}`, type: 'subscription', subscriber } } })),
      ...removed.map((topicId) => ({ DeleteRequest: { Key: { pk: `TOPICSUBS#${topicId}`, sk: `SUB#${subscriber.id}` } } })),
    ];
    for (let i = 0; i < writes.length; i += 25) {
      let pending: Record<string, typeof writes> | undefined = { [this.tableName]: writes.slice(i, i + 25) };
      for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt++) {
        if (attempt > 8) throw new Error(`DynamoDB kept throttling subscription writes for ${subscriber.id}`);
        if (attempt > 0) await new Promise((r) => setTimeout(r, 2 ** attempt * 25));
        const result = await this.doc.send(new BatchWriteCommand({ RequestItems: pending }));
        pending = result.UnprocessedItems as Record<string, typeof writes> | undefined;
      }
    }
  }

  async listByTopic(topicId: string): Promise<Subscriber[]> {
    const subscribers: Subscriber[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `TOPICSUBS#${topicId}` },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) subscribers.push(item.subscriber as Subscriber);
      start = page.LastEvaluatedKey;
    } while (start);
    return subscribers;
  }
}
