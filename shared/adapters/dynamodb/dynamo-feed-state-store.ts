import { DeleteCommand, GetCommand, paginateQuery, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FeedState } from '../../domain/feed-source.js';
import type { FeedStateStore } from '../../ports/stores.js';
import { isConditionalCheckFailed } from './table-schema.js';

export class DynamoFeedStateStore implements FeedStateStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(feedId: string): Promise<FeedState | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: `FEED#${feedId}`, sk: 'STATE' } }));
    return Item?.state as FeedState | undefined;
  }

  async put(state: FeedState): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `FEED#${state.feedId}`, sk: 'STATE', gsi1pk: 'FEEDS', gsi1sk: state.feedId, type: 'feed-state', state },
      }),
    );
  }

  async list(): Promise<FeedState[]> {
    const states: FeedState[] = [];
    const pages = paginateQuery({ client: this.doc }, { TableName: this.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :feeds', ExpressionAttributeValues: { ':feeds': 'FEEDS' } });
    for await (const page of pages) for (const item of page.Items ?? []) states.push(item.state as FeedState);
    return states;
  }

  async acquireLease(feedId: string, holder: string, now: Date, until: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `FEED#${feedId}`, sk: 'LEASE', holder, until: until.toISOString(), expiresAt: Math.ceil(until.getTime() / 1000) + 3600 },
          ConditionExpression: 'attribute_not_exists(pk) OR #until < :now OR holder = :holder',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': now.toISOString(), ':holder': holder },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async releaseLease(feedId: string, holder: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: `FEED#${feedId}`, sk: 'LEASE' },
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': holder },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}
