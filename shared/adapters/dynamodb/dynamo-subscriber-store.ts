import { BatchGetCommand, GetCommand, paginateQuery, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll } from './batch-write.js';
import type { Subscriber } from '../../domain/subscriber.js';
import type { SubscriberLookup, SubscriberStore } from '../../ports/stores.js';

type Write = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

/** Lookup item keys: one per (address, subscriber), so every holder of an address is found. */
const emailKey = (email: string, id: string) => ({ pk: `EMAIL#${email.trim().toLowerCase()}`, sk: `SUB#${id}` });
const chatKey = (chatId: string, id: string) => ({ pk: `TGCHAT#${chatId}`, sk: `SUB#${id}` });
const webClaimKey = (email: string) => ({ pk: `WEBSUB#${email.trim().toLowerCase()}`, sk: 'WEBSUB' });

/**
 * Subscribers, plus one subscription item per topic holding a copy of the subscriber,
 * so fan-out reads a topic's subscribers with one query; plus lookup items by email address
 * and Telegram chat (pk EMAIL#<address> / TGCHAT#<chat>, sk SUB#<id>) for self-service and SES events; plus the
 * claim naming an address's self-service record (pk WEBSUB#<address>).
 */
export class DynamoSubscriberStore implements SubscriberStore, SubscriberLookup {
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
    // One write per topic: BatchWriteItem rejects a request that names a key twice.
    const topics = [...new Set(subscriber.topics)];
    const removed = [...new Set(previous?.topics ?? [])].filter((t) => !topics.includes(t));
    const writes: Write[] = [
      ...topics.map((topicId) => ({ PutRequest: { Item: { pk: `TOPICSUBS#${topicId}`, sk: `SUB#${subscriber.id}`, type: 'subscription', subscriber } } })),
      ...removed.map((topicId) => ({ DeleteRequest: { Key: { pk: `TOPICSUBS#${topicId}`, sk: `SUB#${subscriber.id}` } } })),
      ...lookupWrites(previous, subscriber),
    ];
    await batchWriteAll(this.doc, this.tableName, writes, `subscription writes for ${subscriber.id}`);
  }

  async listByTopic(topicId: string): Promise<Subscriber[]> {
    const subscribers: Subscriber[] = [];
    const pages = paginateQuery({ client: this.doc }, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `TOPICSUBS#${topicId}` } });
    for await (const page of pages) for (const item of page.Items ?? []) subscribers.push(item.subscriber as Subscriber);
    return subscribers;
  }

  async findByEmail(email: string): Promise<Subscriber[]> {
    const normalised = email.trim().toLowerCase();
    const found = await this.lookup(emailKey(normalised, '').pk);
    return found.filter((s) => s.email?.trim().toLowerCase() === normalised);
  }

  async findByTelegramChatId(chatId: string): Promise<Subscriber[]> {
    const found = await this.lookup(chatKey(chatId, '').pk);
    return found.filter((s) => s.telegramChatId === chatId);
  }

  async claimWebId(email: string, id: string): Promise<string> {
    // One conditional update whoever wins: the first id written stays, every caller reads it back.
    const { Attributes } = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: webClaimKey(email),
        UpdateExpression: 'SET subscriberId = if_not_exists(subscriberId, :id), #type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':id': id, ':type': 'web-subscriber-claim' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return String(Attributes?.subscriberId);
  }

  /** Ids under a lookup key, then the records themselves (a stale lookup item yields nothing). */
  private async lookup(pk: string): Promise<Subscriber[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true, Limit: 100 }),
    );
    const ids = (Items ?? []).map((item) => String(item.subscriberId));
    if (ids.length === 0) return [];
    const out: Subscriber[] = [];
    let keys: Record<string, unknown>[] = ids.map((id) => ({ pk: `SUB#${id}`, sk: 'SUB' }));
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`DynamoDB kept throttling subscriber lookups for ${pk}`);
      if (attempt > 0) await new Promise((r) => setTimeout(r, 2 ** attempt * 25));
      const result = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }));
      for (const item of result.Responses?.[this.tableName] ?? []) out.push(item.subscriber as Subscriber);
      keys = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }
}

/** Lookup items to write for the new record and to delete for addresses it no longer holds. */
function lookupWrites(previous: Subscriber | undefined, next: Subscriber): Write[] {
  const writes: Write[] = [];
  const item = (key: { pk: string; sk: string }) => ({ PutRequest: { Item: { ...key, type: 'subscriber-lookup', subscriberId: next.id } } });
  const oldEmail = previous?.email?.trim().toLowerCase();
  const newEmail = next.email?.trim().toLowerCase();
  if (newEmail) writes.push(item(emailKey(newEmail, next.id)));
  if (oldEmail && oldEmail !== newEmail) writes.push({ DeleteRequest: { Key: emailKey(oldEmail, next.id) } });
  if (next.telegramChatId) writes.push(item(chatKey(next.telegramChatId, next.id)));
  if (previous?.telegramChatId && previous.telegramChatId !== next.telegramChatId) writes.push({ DeleteRequest: { Key: chatKey(previous.telegramChatId, next.id) } });
  return writes;
}
