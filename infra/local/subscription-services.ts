/**
 * The subscription use cases' dependencies in the local runtime: the same DynamoDB adapters as in AWS
 * (over dynalite), the local mailer (aws-ses-v2-local + outbox) and Telegram client (stand-in + outbox).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoSubscriptionStores } from '../../shared/adapters/dynamodb/subscription-stores.js';
import type { Clock } from '../../shared/ports/clock.js';
import type { Mailer, TelegramClient } from '../../shared/ports/senders.js';
import type { AppConfig } from '../../shared/runtime/app-config.js';
import { subscriptionConfig, type SubscriptionDeps, type TelegramBotDeps } from '../../shared/usecases/subscriptions/deps.js';
import type { LocalSecrets } from './local-secrets.js';

export interface LocalSubscriptionServices {
  /** subscribe, confirm, preferences, unsubscribe (the /subscribe … /unsubscribe routes). */
  web: SubscriptionDeps;
  /** The bot behind /telegram/webhook, with the secret Telegram must send. */
  bot: TelegramBotDeps & { webhookSecret: string };
}

export function localSubscriptionServices(input: {
  doc: DynamoDBDocumentClient;
  tableName: string;
  config: AppConfig;
  clock: Clock;
  mailer: Mailer;
  telegram: TelegramClient;
  secrets: Pick<LocalSecrets, 'tokenSecret' | 'telegramWebhookSecret'>;
  log?: (line: string) => void;
}): LocalSubscriptionServices {
  const stores = dynamoSubscriptionStores(input.doc, input.tableName, input.clock);
  const log = input.log ? (event: string, detail: Record<string, unknown>) => input.log!(`subscriptions: ${event} ${JSON.stringify(detail)}`) : undefined;
  return {
    web: {
      subscribers: stores.subscribers,
      suppressions: stores.suppressions,
      rateLimiter: stores.rateLimiter,
      mailer: input.mailer,
      clock: input.clock,
      config: subscriptionConfig(input.config, input.secrets.tokenSecret),
      ...(log ? { log } : {}),
    },
    bot: {
      subscribers: stores.subscribers,
      telegram: input.telegram,
      clock: input.clock,
      onceKeys: stores.onceKeys,
      config: { topics: input.config.topics, ...(input.config.subscriptions.telegramBotUsername ? { botUsername: input.config.subscriptions.telegramBotUsername } : {}) },
      webhookSecret: input.secrets.telegramWebhookSecret,
      ...(log ? { log } : {}),
    },
  };
}
