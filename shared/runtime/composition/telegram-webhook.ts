import type { TelegramBotDeps } from '../../usecases/subscriptions/deps.js';
import { defineFunction } from '../ports.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';
import { secretsManagerSecrets } from '../platform/secrets-manager.js';
import { telegramBotApi } from '../platform/telegram-bot-api.js';

/** Well inside the function's 10 s timeout, so a slow Bot API never turns into a redelivered update. */
const REPLY_TIMEOUT_MS = 4000;

export const telegramWebhookDefinition = defineFunction({
  name: 'telegram-webhook',
  aws: { factories: { table: dynamodbTable, telegram: telegramBotApi }, secrets: secretsManagerSecrets },
  compose: async (p): Promise<TelegramBotDeps & { webhookSecret: string }> => {
    const [botToken, webhookSecret] = await Promise.all([p.secret('telegramBotToken'), p.secret('telegramWebhookSecret')]);
    const username = p.config.subscriptions.telegramBotUsername;
    return {
      subscribers: p.table.subscribers,
      onceKeys: p.table.onceKeys,
      telegram: p.telegram(botToken, { timeoutMs: REPLY_TIMEOUT_MS }),
      clock: p.clock,
      config: { topics: p.config.topics, ...(username ? { botUsername: username } : {}) },
      webhookSecret,
      log: (event, detail) => p.logger.info(event, detail),
    };
  },
});

