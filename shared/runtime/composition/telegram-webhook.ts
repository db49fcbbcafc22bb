import { telegramWebhookSecret } from '../../domain/subscription/telegram-webhook-secret.js';
import type { TelegramBotDeps } from '../../usecases/subscriptions/deps.js';
import { defineFunction } from '../ports.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';
import { ssmParameterSecrets } from '../platform/ssm-parameters.js';
import { telegramBotApi } from '../platform/telegram-bot-api.js';

/** Well inside the function's 10 s timeout, so a slow Bot API never turns into a redelivered update. */
const REPLY_TIMEOUT_MS = 4000;

export const telegramWebhookDefinition = defineFunction({
  name: 'telegram-webhook',
  aws: { factories: { table: dynamodbTable, telegram: telegramBotApi }, secrets: ssmParameterSecrets },
  compose: async (p): Promise<TelegramBotDeps & { webhookSecret: string }> => {
    const botToken = await p.secret('telegramBotToken');
    const username = p.config.subscriptions.telegramBotUsername;
    return {
      subscribers: p.table.subscribers,
      onceKeys: p.table.onceKeys,
      telegram: p.telegram(botToken, { timeoutMs: REPLY_TIMEOUT_MS }),
      clock: p.clock,
      config: { topics: p.config.topics, ...(username ? { botUsername: username } : {}) },
      webhookSecret: telegramWebhookSecret(botToken),
      log: (event, detail) => p.logger.info(event, detail),
    };
  },
});

