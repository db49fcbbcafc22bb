import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PushSubscription } from '../../domain/websub/subscription.js';
import type { PushSubscriptionStore } from '../../ports/stores.js';
import { isConditionalCheckFailed } from './table-schema.js';

const PK = 'PUSHSUBS';
const key = (feedId: string) => ({ pk: PK, sk: feedId });

/**
 * WebSub subscriptions (pk PUSHSUBS, sk <feed id>): one partition the subscription manager lists with one query (a
 * feed removed from the config is found there, to unsubscribe). Fields are attributes of their own, so the callback
 * and the manager each set only what they decide.
 */
export class DynamoPushSubscriptions implements PushSubscriptionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(feedId: string): Promise<PushSubscription | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key(feedId), ConsistentRead: true }));
    return Item ? toSubscription(Item) : undefined;
  }

  async list(): Promise<PushSubscription[]> {
    const out: PushSubscription[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PK }, ExclusiveStartKey: start }));
      out.push(...(page.Items ?? []).map(toSubscription));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async put(subscription: PushSubscription): Promise<void> {
    const defined = Object.fromEntries(Object.entries(subscription).filter(([, v]) => v !== undefined));
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...key(subscription.feedId), type: 'push-subscription', ...defined } }));
  }

  async update(feedId: string, changes: Partial<Omit<PushSubscription, 'feedId'>>): Promise<boolean> {
    const entries = Object.entries(changes);
    const set = entries.filter(([, v]) => v !== undefined);
    const remove = entries.filter(([, v]) => v === undefined);
    if (entries.length === 0) return true;
    const names = Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k]));
    const nameOf = (k: string) => `#f${entries.findIndex(([e]) => e === k)}`;
    const expression = [set.length ? `SET ${set.map(([k]) => `${nameOf(k)} = :${nameOf(k).slice(1)}`).join(', ')}` : '', remove.length ? `REMOVE ${remove.map(([k]) => nameOf(k)).join(', ')}` : ''].filter(Boolean).join(' ');
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(feedId),
          UpdateExpression: expression,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ...(set.length ? { ExpressionAttributeValues: Object.fromEntries(set.map(([k, v]) => [`:${nameOf(k).slice(1)}`, v])) } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async delete(feedId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: key(feedId) }));
  }
}

function toSubscription(item: Record<string, unknown>): PushSubscription {
  const { pk: _pk, sk, type: _type, ...rest } = item;
  return { ...(rest as Omit<PushSubscription, 'feedId'>), feedId: sk as string, attempts: Number(rest.attempts ?? 0) };
}
