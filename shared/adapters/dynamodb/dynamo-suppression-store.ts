import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SuppressionEntry, SuppressionStore } from '../../ports/stores.js';
import { isConditionalCheckFailed } from './table-schema.js';

const key = (email: string) => ({ pk: `SUPPRESS#${email.trim().toLowerCase()}`, sk: 'SUPPRESS' });

/** Suppressed addresses (pk SUPPRESS#<address>): written once by a conditional put, kept for good (no TTL). */
export class DynamoSuppressionStore implements SuppressionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async suppress(entry: SuppressionEntry): Promise<boolean> {
    const email = entry.email.trim().toLowerCase();
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(email), type: 'suppression', ...entry, email },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async get(email: string): Promise<SuppressionEntry | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key(email), ConsistentRead: true }));
    if (!Item) return undefined;
    return { email: Item.email as string, reason: Item.reason as SuppressionEntry['reason'], at: Item.at as string, ...(Item.detail ? { detail: Item.detail as string } : {}) };
  }
}
