import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DeliveryKey, DeliveryLedger } from '../../ports/stores.js';
import { LEDGER_RETENTION_DAYS } from './retention.js';
import { isConditionalCheckFailed } from './table-schema.js';

const key = (k: DeliveryKey) => ({ pk: `DLV#${k.subscriberId}#${k.channel}#${k.articleId}`, sk: 'DLV' });

/** The delivery ledger: a lease while sending, then 'sent' for good (kept LEDGER_RETENTION_DAYS by TTL). */
export class DynamoDeliveryLedger implements DeliveryLedger {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(k: DeliveryKey, now: Date, leaseSeconds: number): Promise<'claimed' | 'sent' | 'busy'> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(k), type: 'delivery', state: 'claimed', leaseUntil: new Date(now.getTime() + leaseSeconds * 1000).toISOString(), expiresAt: ttl(now) },
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :claimed AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':now': now.toISOString() },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key(k), ConsistentRead: true }));
      return Item?.state === 'sent' ? 'sent' : 'busy';
    }
  }

  async complete(k: DeliveryKey, now: Date, providerId?: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...key(k), type: 'delivery', state: 'sent', sentAt: now.toISOString(), expiresAt: ttl(now), ...(providerId ? { providerId } : {}) },
      }),
    );
  }

  async release(k: DeliveryKey): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key(k),
          ConditionExpression: '#state = :claimed',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':claimed': 'claimed' },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}

function ttl(now: Date): number {
  return Math.floor(now.getTime() / 1000) + LEDGER_RETENTION_DAYS * 86_400;
}
