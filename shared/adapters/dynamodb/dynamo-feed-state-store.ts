import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FeedState } from '../../domain/feed-source.js';
import { withLastPoll } from '../../domain/polling/last-poll.js';
import type { FeedStateStore } from '../../ports/stores.js';
import { isConditionalCheckFailed } from './table-schema.js';

const BATCH_GET_KEYS = 100;
const BATCH_GET_ATTEMPTS = 8;

type StateItem = { state?: FeedState; polledAt?: string; polls?: number };

/**
 * Feed state item `FEED#<id>` / `STATE`: `state` (the FeedState map), `polls` and `polledAt` (the last poll),
 * `leaseHolder` and `leaseUntil`;
 * no index (gsi1 copies doubled every write). Recent ids: `FEED#<id>` / `RECENT`, written only when they change.
 */
export class DynamoFeedStateStore implements FeedStateStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private key(feedId: string, sk: 'STATE' | 'RECENT' = 'STATE') {
    return { pk: `FEED#${feedId}`, sk };
  }

  private static read(item: StateItem | undefined): FeedState | undefined {
    if (!item?.state) return undefined;
    const { recentIds: _legacy, ...state } = item.state as FeedState & { recentIds?: unknown };
    return withLastPoll(state, { poll: item.polls, polledAt: item.polledAt });
  }

  async get(feedId: string): Promise<FeedState | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: this.key(feedId) }));
    return DynamoFeedStateStore.read(Item as StateItem | undefined);
  }

  async getMany(feedIds: string[]): Promise<FeedState[]> {
    const states: FeedState[] = [];
    const ids = [...new Set(feedIds)];
    for (let i = 0; i < ids.length; i += BATCH_GET_KEYS) {
      let keys: Record<string, unknown>[] = ids.slice(i, i + BATCH_GET_KEYS).map((id) => this.key(id));
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt === BATCH_GET_ATTEMPTS) throw new Error(`DynamoDB left ${keys.length} feed states unread after ${attempt} attempts`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
        const out = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ProjectionExpression: '#state, polledAt, polls', ExpressionAttributeNames: { '#state': 'state' } } } }));
        for (const item of out.Responses?.[this.tableName] ?? []) {
          const state = DynamoFeedStateStore.read(item as StateItem);
          if (state) states.push(state);
        }
        keys = (out.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
      }
    }
    return states;
  }

  async put(state: FeedState): Promise<void> {
    // An update, not a put: the lease and `polledAt` on the same item stay. REMOVE drops the gsi1 keys older items had.
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(state.feedId),
        UpdateExpression: 'SET #state = :state, #type = :type REMOVE gsi1pk, gsi1sk',
        ExpressionAttributeNames: { '#state': 'state', '#type': 'type' },
        ExpressionAttributeValues: { ':state': state, ':type': 'feed-state' },
      }),
    );
  }

  async acquireLease(feedId: string, holder: string, now: Date, until: Date, options: { takeOverIfStartedBefore?: Date } = {}): Promise<false | { poll: number; state: FeedState | undefined }> {
    const takeOver = options.takeOverIfStartedBefore;
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(feedId),
          UpdateExpression: 'SET leaseHolder = :holder, leaseUntil = :until, polledAt = :now, polls = if_not_exists(polls, :zero) + :one',
          ConditionExpression: `attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseHolder = :holder${takeOver ? ' OR polledAt < :startedBefore' : ''}`,
          ExpressionAttributeValues: { ':now': now.toISOString(), ':holder': holder, ':until': until.toISOString(), ':zero': 0, ':one': 1, ...(takeOver ? { ':startedBefore': takeOver.toISOString() } : {}) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const item = Attributes as StateItem | undefined;
      return { poll: item?.polls ?? 1, state: DynamoFeedStateStore.read(item) };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async releaseLease(feedId: string, holder: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(feedId),
          UpdateExpression: 'REMOVE leaseHolder, leaseUntil',
          ConditionExpression: 'leaseHolder = :holder',
          ExpressionAttributeValues: { ':holder': holder },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /**
   * Until when a poller holds the feed's lease (ISO), or undefined when none does: for admin tools that poll a feed
   * now and wait for the outcome (a forced poll releases its lease when done; a scheduled one lets it lapse).
   */
  async leaseHeldUntil(feedId: string, now: Date): Promise<string | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: this.key(feedId), ProjectionExpression: 'leaseUntil' }));
    return typeof Item?.leaseUntil === 'string' && Item.leaseUntil > now.toISOString() ? Item.leaseUntil : undefined;
  }

  async getRecentIds(feedId: string): Promise<string[]> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: this.key(feedId, 'RECENT') }));
    return (Item?.ids as string[] | undefined) ?? [];
  }

  async putRecentIds(feedId: string, ids: string[]): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...this.key(feedId, 'RECENT'), type: 'feed-recent-ids', ids } }));
  }
}
