import { createHmac } from 'node:crypto';
import { SESClient } from '@aws-sdk/client-ses';
import { HttpWebhookClient } from '../adapters/http/webhook-client.js';
import { SesMailer } from '../adapters/ses/ses-mailer.js';
import { TelegramBotClient } from '../adapters/telegram/telegram-bot-client.js';
import { MemorySendPacer } from '../domain/delivery/pacing.js';
import { systemClock } from '../ports/clock.js';
import { deliverAlertConfig, type DeliverAlertDeps } from '../usecases/deliver-alert.js';
import { FUNCTION_SPECS } from '../../infra/stacks/function-specs.js';
import type { AppConfig } from './app-config.js';
import { secretValue, stores } from './lambda-common.js';
import { FunctionEnv } from './lambda-env.js';

const TELEGRAM_SENDERS = FUNCTION_SPECS['send-telegram'].consumes?.maxConcurrency ?? 1;

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
  // Webhook signatures use a key derived from the signing key, so an unsubscribe token can never pass as one.
  const webhookSecret = createHmac('sha256', signingKey).update('newshound webhook signing v1').digest('base64url');
  const base = deliverAlertConfig(config, { tokenSecret: signingKey, webhookSecret });
  return {
    articles: s.articles,
    subscribers: s.subscribers,
    ledger: s.ledger,
    digests: s.digests,
    pacer: new MemorySendPacer(),
    mailer: new SesMailer(new SESClient({}), configurationSetName ? { configurationSetName } : {}),
    telegram: new TelegramBotClient({ botToken, apiBase: config.delivery.telegram.apiBase, timeoutMs: config.delivery.telegram.timeoutMs }),
    webhooks: new HttpWebhookClient(),
    clock: systemClock,
    config: {
      ...base,
      // Each concurrent sender paces to its share of the bot's rate (the pacer lives in one container).
      ...(base.telegram ? { telegram: { ...base.telegram, perBotPerSecond: base.telegram.perBotPerSecond / TELEGRAM_SENDERS } } : {}),
    },
  };
}
