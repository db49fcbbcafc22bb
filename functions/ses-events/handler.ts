import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SNSEvent } from 'aws-lambda';
import { dynamoSubscriptionStores } from '../../shared/adapters/dynamodb/subscription-stores.js';
import { systemClock } from '../../shared/runtime/system-clock.js';
import { makeDynamoClients } from '../../shared/runtime/dynamodb-client.js';
import { observability } from '../../shared/runtime/lambda-common.js';
import { FunctionEnv, requireEnv } from '../../shared/runtime/lambda-env.js';
import type { SesEventsDeps } from '../../shared/usecases/subscriptions/deps.js';
import { recordSesNotification } from '../../shared/usecases/subscriptions/ses-events.js';

const { logger } = observability('ses-events');

/**
 * SNS (SES configuration-set events) → suppress permanently bounced and complaining addresses.
 * A message that is not JSON is logged and dropped; a store failure throws, so Lambda's async retries
 * (then the stack's async DLQ) run it again, which is safe: the use case is idempotent.
 */
export const makeHandler = (deps: SesEventsDeps) => async (event: SNSEvent) => {
  const outcomes: string[] = [];
  for (const record of event.Records ?? []) {
    let notification: unknown;
    try {
      notification = JSON.parse(record.Sns.Message);
    } catch {
      logger.warn('SNS message is not JSON; dropped', { messageId: record.Sns.MessageId });
      outcomes.push('invalid');
      continue;
    }
    const result = await recordSesNotification(deps, notification);
    if (result.kind === 'ignored') logger.info('ignored', { messageId: record.Sns.MessageId, why: result.why });
    // Counts and subscriber ids only: addresses stay out of the logs.
    else logger.info('suppressed', { messageId: record.Sns.MessageId, reason: result.reason, newly: result.newlySuppressed.length, already: result.alreadySuppressed.length, subscribersChanged: result.subscribersChanged });
    outcomes.push(result.kind);
  }
  return { outcomes };
};

const { doc } = makeDynamoClients({ region: process.env.AWS_REGION });
const stores = dynamoSubscriptionStores(doc, requireEnv(FunctionEnv.tableName), systemClock);
export const handler = middy(makeHandler({ subscribers: stores.subscribers, suppressions: stores.suppressions, clock: systemClock })).use(injectLambdaContext(logger));
