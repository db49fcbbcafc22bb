import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../ports/clock.js';
import { DynamoOnceKeys } from './dynamo-once-keys.js';
import { DynamoRateLimiter } from './dynamo-rate-limiter.js';
import { DynamoSubscriberStore } from './dynamo-subscriber-store.js';
import { DynamoSuppressionStore } from './dynamo-suppression-store.js';

/** The stores self-service subscriptions use, over the one table. */
export function dynamoSubscriptionStores(doc: DynamoDBDocumentClient, tableName: string, clock: Clock) {
  return {
    subscribers: new DynamoSubscriberStore(doc, tableName),
    suppressions: new DynamoSuppressionStore(doc, tableName),
    rateLimiter: new DynamoRateLimiter(doc, tableName),
    onceKeys: new DynamoOnceKeys(doc, tableName, () => clock.now()),
  };
}
