import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoArticleStore } from './dynamo-article-store.js';
import { DynamoDeliveryLedger } from './dynamo-delivery-ledger.js';
import { DynamoDigestStore } from './dynamo-digest-store.js';
import { DynamoFailingFeedsReports } from './dynamo-failing-feeds-reports.js';
import { DynamoFeedStateStore } from './dynamo-feed-state-store.js';
import { DynamoMatchStore } from './dynamo-match-store.js';
import { DynamoOnceKeys } from './dynamo-once-keys.js';
import { DynamoRateLimiter } from './dynamo-rate-limiter.js';
import { DynamoPushSubscriptions } from './dynamo-push-subscriptions.js';
import { DynamoSenderHalts } from './dynamo-sender-halts.js';
import { DynamoStoryAlerts } from './dynamo-story-alerts.js';
import { DynamoStoryStore, type DynamoStoryStoreOptions } from './dynamo-story-store.js';
import { DynamoSubscriberStore } from './dynamo-subscriber-store.js';
import { DynamoSuppressionStore } from './dynamo-suppression-store.js';
import { DynamoTopicActivity } from './dynamo-topic-activity.js';

export { DynamoArticleStore, DynamoDeliveryLedger, DynamoDigestStore, DynamoFailingFeedsReports, DynamoFeedStateStore, DynamoMatchStore, DynamoStoryAlerts, DynamoStoryStore, DynamoSubscriberStore, DynamoTopicActivity };
export type { DynamoStoryStoreOptions };
export { ensureTable, tableKeys } from './table-schema.js';

/** All stores over one table. */
export function dynamoStores(doc: DynamoDBDocumentClient, tableName: string, now: () => Date = () => new Date()) {
  return {
    articles: new DynamoArticleStore(doc, tableName),
    matches: new DynamoMatchStore(doc, tableName),
    feedStates: new DynamoFeedStateStore(doc, tableName),
    subscribers: new DynamoSubscriberStore(doc, tableName),
    ledger: new DynamoDeliveryLedger(doc, tableName),
    digests: new DynamoDigestStore(doc, tableName),
    activity: new DynamoTopicActivity(doc, tableName),
    storyAlerts: new DynamoStoryAlerts(doc, tableName),
    suppressions: new DynamoSuppressionStore(doc, tableName),
    rateLimiter: new DynamoRateLimiter(doc, tableName),
    onceKeys: new DynamoOnceKeys(doc, tableName, now),
    senderHalts: new DynamoSenderHalts(doc, tableName),
    pushSubscriptions: new DynamoPushSubscriptions(doc, tableName),
  };
}
