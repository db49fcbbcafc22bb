import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dynamoSubscriptionStores } from '../../shared/adapters/dynamodb/subscription-stores.js';
import { TelegramBotClient } from '../../shared/adapters/telegram/telegram-bot-client.js';
import { systemClock } from '../../shared/runtime/system-clock.js';
import { makeDynamoClients } from '../../shared/runtime/dynamodb-client.js';
import { observability, secretValue } from '../../shared/runtime/lambda-common.js';
import { loadLambdaConfig } from '../../shared/runtime/lambda-config.js';
import { FunctionEnv, requireEnv } from '../../shared/runtime/lambda-env.js';
import type { TelegramBotDeps } from '../../shared/usecases/subscriptions/deps.js';
import { fromApiGatewayV2, toApiGatewayV2 } from '../../shared/runtime/api-gateway-v2.js';
import { handleTelegramWebhook } from '../../shared/usecases/subscriptions/telegram-webhook.js';

const { logger } = observability('telegram-webhook');
const config = loadLambdaConfig();

type Deps = TelegramBotDeps & { webhookSecret: string };

/** HTTP API POST /telegram/webhook → one bot command; a 5xx (store failure) makes Telegram redeliver. */
export const makeHandler = (deps: () => Promise<Deps>) => async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  try {
    return toApiGatewayV2(await handleTelegramWebhook(await deps(), fromApiGatewayV2(event)));
  } catch (error) {
    logger.error('telegram update failed', { error });
    return { statusCode: 500, headers: { 'content-type': 'application/json' }, body: '{"ok":false}' };
  }
};

async function awsDeps(): Promise<Deps> {
  const { doc } = makeDynamoClients({ region: process.env.AWS_REGION });
  const stores = dynamoSubscriptionStores(doc, requireEnv(FunctionEnv.tableName), systemClock);
  const [botToken, webhookSecret] = await Promise.all([secretValue(FunctionEnv.telegramBotTokenSecretArn), secretValue(FunctionEnv.telegramWebhookSecretArn)]);
  const username = config.subscriptions.telegramBotUsername;
  return {
    subscribers: stores.subscribers,
    onceKeys: stores.onceKeys,
    // Well inside the function's 10 s timeout, so a slow Bot API never turns into a redelivered update.
    telegram: new TelegramBotClient({ botToken, apiBase: config.delivery.telegram.apiBase, timeoutMs: 4000 }),
    clock: systemClock,
    config: { topics: config.topics, ...(username ? { botUsername: username } : {}) },
    webhookSecret,
    log: (event, detail) => logger.info(event, detail),
  };
}

let deps: Promise<Deps> | undefined;
const cachedDeps = () =>
  (deps ??= awsDeps().catch((error: unknown) => {
    deps = undefined;
    throw error;
  }));
export const handler = middy(makeHandler(cachedDeps)).use(injectLambdaContext(logger));
