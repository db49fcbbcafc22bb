import { createHmac } from 'node:crypto';
import { MemorySendPacer } from '../adapters/memory/memory-send-pacer.js';
import type { Channel } from '../domain/subscriber.js';
import { systemClock } from './system-clock.js';
import type { Mailer, TelegramClient, WebhookClient } from '../ports/senders.js';
import { deliverAlertConfig, type DeliverAlertDeps } from '../usecases/deliver-alert.js';
import { FUNCTION_SPECS } from '../../infra/stacks/function-specs.js';
import type { AppConfig } from './app-config.js';
import { secretValue, stores } from './lambda-common.js';
import { FunctionEnv } from './lambda-env.js';

const TELEGRAM_SENDERS = FUNCTION_SPECS['send-telegram'].consumes?.maxConcurrency ?? 1;

type ChannelAdapters = Pick<DeliverAlertDeps, 'mailer' | 'telegram' | 'webhooks'>;

/**
 * Builds the one provider adapter a send-<channel> function uses (delivery-adapters/<channel>.ts).
 * Each lives in its own module and only its handler imports it, so a function's bundle holds no
 * other channel's adapter: esbuild cannot drop an imported module's side effects (ipaddr.js's
 * CommonJS wrapper, an external @aws-sdk import), so unused builders must not be imported at all.
 */
export type ChannelAdapterBuilder = (config: AppConfig, env: NodeJS.ProcessEnv) => Promise<Partial<ChannelAdapters>>;

/** Stands in for the adapters of channels this function does not serve: a message for one is a wiring bug. */
function notServed(channel: Channel, served: Channel): never {
  throw new Error(`send-${served} has no ${channel} adapter: a ${channel} delivery reached the ${served} queue`);
}

/** The adapters deliverAlert takes, those of the served channel from its builder and stand-ins for the rest. */
export function channelAdapters(served: Channel, adapters: Partial<ChannelAdapters>): ChannelAdapters {
  return {
    mailer: adapters.mailer ?? ({ send: () => notServed('email', served) } satisfies Mailer),
    telegram: adapters.telegram ?? ({ sendMessage: () => notServed('telegram', served) } satisfies TelegramClient),
    webhooks: adapters.webhooks ?? ({ post: () => notServed('webhook', served) } satisfies WebhookClient),
  };
}

/**
 * deliverAlert's dependencies in AWS for the send-<channel> function, built once per container.
 * Secrets are read from Secrets Manager (by the ARN the stack provides) on first use, never from
 * plain environment variables. Pacing is per container; the stack caps the telegram consumer's
 * concurrency so per-bot limits hold.
 */
export async function awsDeliveryDeps(
  config: AppConfig,
  channel: Channel,
  buildAdapter: ChannelAdapterBuilder,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DeliverAlertDeps> {
  const s = stores(env);
  const signingKey = await secretValue(FunctionEnv.signingKeySecretArn, env);
  // Webhook signatures use a key derived from the signing key, so an unsubscribe token can never pass as one.
  const webhookSecret = createHmac('sha256', signingKey).update('newshound webhook signing v1').digest('base64url');
  const base = deliverAlertConfig(config, { tokenSecret: signingKey, webhookSecret });
  return {
    articles: s.articles,
    subscribers: s.subscribers,
    ledger: s.ledger,
    digests: s.digests,
    pacer: new MemorySendPacer(),
    ...channelAdapters(channel, await buildAdapter(config, env)),
    clock: systemClock,
    config: {
      ...base,
      // Each concurrent sender paces to its share of the bot's rate (the pacer lives in one container).
      ...(base.telegram ? { telegram: { ...base.telegram, perBotPerSecond: base.telegram.perBotPerSecond / TELEGRAM_SENDERS } } : {}),
    },
  };
}
