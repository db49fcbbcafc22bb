import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SenderHalt, SenderHaltStore } from '../../ports/event-source.js';

/** Halted senders (pk HALTS, sk SENDER#<function>): a handful of items, listed with one query. */
export class DynamoSenderHalts implements SenderHaltStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(sender: string): Promise<SenderHalt | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key(sender), ConsistentRead: true }));
    return Item ? toHalt(Item) : undefined;
  }

  async put(halt: SenderHalt): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...key(halt.sender), type: 'sender-halt', ...halt } }));
  }

  async clear(sender: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: key(sender) }));
  }

  async list(): Promise<SenderHalt[]> {
    const { Items } = await this.doc.send(new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'HALTS' }, ConsistentRead: true }));
    return (Items ?? []).map(toHalt);
  }
}

const key = (sender: string) => ({ pk: 'HALTS', sk: `SENDER#${sender}` });

function toHalt(item: Record<string, unknown>): SenderHalt {
  return { sender: item.sender as string, reason: item.reason as string, since: item.since as string, attempts: Number(item.attempts ?? 1), resumeAfter: item.resumeAfter as string };
}
