import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OnceKeys } from '../../ports/stores.js';
import { isConditionalCheckFailed } from './table-schema.js';

/** Keys claimed once (pk ONCE#<key>) until `expiresAt`; an expired claim TTL has not yet removed can be claimed again. */
export class DynamoOnceKeys implements OnceKeys {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async claim(key: string, expiresAt: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `ONCE#${key}`, sk: 'ONCE', type: 'once-key', expiresAt: Math.floor(expiresAt.getTime() / 1000) },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': Math.floor(this.now().getTime() / 1000) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async release(key: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: `ONCE#${key}`, sk: 'ONCE' } }));
  }
}
