import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FailingFeedsReports } from '../../ports/admin-notices.js';
import { isConditionalCheckFailed } from './table-schema.js';

const KEY = { pk: 'ALARMS', sk: 'FAILING_FEEDS' } as const;

/**
 * One item (pk ALARMS, sk FAILING_FEEDS): `feedIds` last reported and `reported`, the same set as one string, which
 * the conditional write compares (never empty, so no reporter mistakes "none failing" for "no record").
 */
export class DynamoFailingFeedsReports implements FailingFeedsReports {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async lastReported(): Promise<string[] | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: KEY, ConsistentRead: true }));
    return Item ? [...((Item.feedIds as string[] | undefined) ?? [])].sort() : undefined;
  }

  async recordReported(previous: readonly string[] | undefined, next: readonly string[], at: Date): Promise<boolean> {
    const feedIds = [...next].sort();
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...KEY, type: 'failing-feeds-report', feedIds, reported: setKey(feedIds), reportedAt: at.toISOString() },
          ...(previous === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'reported = :previous', ExpressionAttributeValues: { ':previous': setKey(previous) } }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}

const setKey = (ids: readonly string[]) => `feeds:${[...ids].sort().join(' ')}`;
