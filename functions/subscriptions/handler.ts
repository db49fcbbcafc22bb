import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SESClient } from '@aws-sdk/client-ses';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dynamoSubscriptionStores } from '../../shared/adapters/dynamodb/subscription-stores.js';
import { SesMailer } from '../../shared/adapters/ses/ses-mailer.js';
import { PAGE_HEADERS } from '../../shared/domain/pages/layout.js';
import { messagePage } from '../../shared/domain/pages/message-page.js';
import { systemClock } from '../../shared/runtime/system-clock.js';
import { makeDynamoClients } from '../../shared/runtime/dynamodb-client.js';
import { observability, secretValue } from '../../shared/runtime/lambda-common.js';
import { loadLambdaConfig } from '../../shared/runtime/lambda-config.js';
import { FunctionEnv, requireEnv } from '../../shared/runtime/lambda-env.js';
import { subscriptionConfig, type SubscriptionDeps } from '../../shared/usecases/subscriptions/deps.js';
import { handleSubscriptionRequest } from '../../shared/usecases/subscriptions/http-api.js';
import { fromApiGatewayV2, toApiGatewayV2 } from '../../shared/runtime/api-gateway-v2.js';

const { logger } = observability('subscriptions');
const config = loadLambdaConfig();

/** HTTP API → subscribe, confirm, preferences, unsubscribe (pages and JSON). */
export const makeHandler = (deps: () => Promise<SubscriptionDeps>) => async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  let resolved: SubscriptionDeps;
  try {
    resolved = await deps();
  } catch (error) {
    logger.error('cannot build dependencies', { error });
    return { statusCode: 503, headers: { ...PAGE_HEADERS, 'retry-after': '60' }, body: messagePage('unavailable') };
  }
  return toApiGatewayV2(await handleSubscriptionRequest(resolved, fromApiGatewayV2(event)));
};

async function awsDeps(): Promise<SubscriptionDeps> {
  const { doc } = makeDynamoClients({ region: process.env.AWS_REGION });
  const stores = dynamoSubscriptionStores(doc, requireEnv(FunctionEnv.tableName), systemClock);
  const configurationSetName = process.env[FunctionEnv.sesConfigurationSet];
  return {
    subscribers: stores.subscribers,
    suppressions: stores.suppressions,
    rateLimiter: stores.rateLimiter,
    // The configuration set routes bounces of confirmation emails to ses-events too.
    mailer: new SesMailer(new SESClient({}), configurationSetName ? { configurationSetName } : {}),
    clock: systemClock,
    config: subscriptionConfig(config, await secretValue(FunctionEnv.signingKeySecretArn)),
    log: (event, detail) => logger.info(event, detail),
  };
}

let deps: Promise<SubscriptionDeps> | undefined;
const cachedDeps = () =>
  (deps ??= awsDeps().catch((error: unknown) => {
    deps = undefined; // try again on the next request rather than failing forever
    throw error;
  }));
export const handler = middy(makeHandler(cachedDeps)).use(injectLambdaContext(logger));
