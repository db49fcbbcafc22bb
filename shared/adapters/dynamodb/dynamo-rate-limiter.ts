import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '../../ports/stores.js';
import { isConditionalCheckFailed } from './table-schema.js';

/**
 * Fixed-window counters (pk RATE#<key>): one atomic conditional increment per request, so concurrent
 * requests never exceed the limit. TTL (`expiresAt`) removes old windows; the key names its window,
 * so a counter TTL has not yet deleted never counts against the next one.
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async hit(key: string, limit: number, windowEndsAt: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `RATE#${key}`, sk: 'RATE' },
          UpdateExpression: 'ADD #count :one SET #type = :type, expiresAt = :exp',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count', '#type': 'type' },
          // Kept an hour past the window so clock skew between callers cannot reopen it.
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':type': 'rate-counter', ':exp': Math.floor(windowEndsAt.getTime() / 1000) + 3600 },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
