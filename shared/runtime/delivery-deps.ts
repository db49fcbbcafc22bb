import { SESClient } from '@aws-sdk/client-ses';
import { HttpWebhookClient } from '../adapters/http/webhook-client.js';
import { SesMailer } from '../adapters/ses/ses-mailer.js';
import { TelegramBotClient } from '../adapters/telegram/telegram-bot-client.js';
import { MemorySendPacer } from '../domain/delivery/pacing.js';
import { systemClock } from '../ports/clock.js';
import type { DeliverAlertDeps } from '../usecases/deliver-alert.js';
import type { AppConfig } from './app-config.js';
import { secretValue, stores } from './lambda-common.js';
import { FunctionEnv } from './lambda-env.js';

/**
 * deliverAlert's dependencies in AWS, built once per container. Secrets are read from Secrets Manager
 * (by the ARN the stack provides) on first use, never from plain environment variables.
 * Pacing is per container; the stack caps the telegram consumer's concurrency so per-bot limits hold.
 */
export async function awsDeliveryDeps(config: AppConfig, env: NodeJS.ProcessEnv = process.env): Promise<DeliverAlertDeps> {
  const s = stores(env);
  const signingKey = await secretValue(FunctionEnv.signingKeySecretArn, env);
  const botToken = env[FunctionEnv.telegramBotTokenSecretArn] ? await secretValue(FunctionEnv.telegramBotTokenSecretArn, env) : '';
  const configurationSetName = env[FunctionEnv.sesConfigurationSet];
  return {
    articles: s.articles,
    subscribers: s.subscribers,
    ledger: s.ledger,
    digests: s.digests,
    pacer: new MemorySendPacer(),
    mailer: new SesMailer(new SESClient({}), configurationSetName ? { configurationSetName } : {}),
    telegram: new TelegramBotClient({ botToken }),
    webhooks: new HttpWebhookClient(),
    clock: systemClock,
    config: {
      publicBaseUrl: config.publicBaseUrl,
      emailFrom: config.email.from,
      ...(config.email.replyTo ? { replyTo: config.email.replyTo } : {}),
      tokenSecret: signingKey,
      webhookSecret: signingKey,
      topics: config.topics,
    },
  };
}
