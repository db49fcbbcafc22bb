import type { Channel } from '../../domain/subscriber.js';
import { DeliveryError } from '../../ports/errors.js';
import type { Mailer, TelegramClient, WebhookClient } from '../../ports/senders.js';
import type { StoryCoverage } from '../../ports/story-assigner.js';
import { queueTriggerOf } from '../../topology/functions.js';
import { deliverAlertConfig, type DeliverAlertDeps, type WebhookKeys } from '../../usecases/deliver-alert.js';
import { alertSentMetrics } from '../emit-metric.js';
import type { BasePorts, TableStores } from '../ports.js';

type ChannelAdapters = Pick<DeliverAlertDeps, 'mailer' | 'telegram' | 'webhooks'>;

/** Stands in for the adapters of channels a sender does not serve: a message for one is a wiring bug, parked. */
function notServed(channel: Channel, served: Channel): never {
  const reason = `send-${served} has no ${channel} adapter: a ${channel} delivery reached the ${served} queue`;
  throw new DeliveryError(reason, { kind: 'park', reason }, `send-${served}`);
}

function channelAdapters(served: Channel, adapters: Partial<ChannelAdapters>): ChannelAdapters {
  return {
    mailer: adapters.mailer ?? ({ send: () => notServed('email', served) } satisfies Mailer),
    telegram: adapters.telegram ?? ({ sendMessage: () => notServed('telegram', served) } satisfies TelegramClient),
    webhooks: adapters.webhooks ?? ({ post: () => notServed('webhook', served) } satisfies WebhookClient),
  };
}

/** The secrets a sender signs with: the signing key for email links, the receivers' keys for webhooks. */
export interface SenderSecrets {
  signingKey?: string;
  webhookKeys?: WebhookKeys;
}

/**
 * deliverAlert's dependencies for the send-<channel> function: the one provider adapter it serves, the secrets it
 * signs with (read per invocation from the cache), and pacing shared by the container (short waits slept out in the
 * invocation). Each concurrent Telegram
 * sender paces to its share of the bot's rate, as the topology caps their number.
 */
export function deliveryDeps(
  p: BasePorts & { table: TableStores; stories?: StoryCoverage },
  channel: Channel,
  secrets: SenderSecrets,
  adapters: Partial<ChannelAdapters> & Pick<DeliverAlertDeps, 'pacer' | 'sleep'>,
): DeliverAlertDeps {
  const base = deliverAlertConfig(p.config, { ...(secrets.signingKey ? { tokenSecret: secrets.signingKey } : {}), ...(secrets.webhookKeys ? { webhookKeys: secrets.webhookKeys } : {}) });
  const senders = queueTriggerOf('send-telegram')?.maxConcurrency ?? 1;
  return {
    articles: p.table.articles,
    subscribers: p.table.subscribers,
    ledger: p.table.ledger,
    digests: p.table.digests,
    ...(p.stories ? { stories: p.stories } : {}),
    ...(adapters.pacer ? { pacer: adapters.pacer } : {}),
    ...(adapters.sleep ? { sleep: adapters.sleep } : {}),
    ...channelAdapters(channel, adapters),
    onSent: alertSentMetrics(p.metrics),
    clock: p.clock,
    config: {
      ...base,
      ...(base.telegram ? { telegram: { ...base.telegram, perBotPerSecond: base.telegram.perBotPerSecond / senders } } : {}),
    },
  };
}
