/** What deliverAlert needs, the same in Lambda and in the local runtime. */
import type { StoryCoverage } from '../../ports/story-assigner.js';
import type { StormConfig } from '../../domain/delivery/storm-control.js';
import type { Channel } from '../../domain/subscriber.js';
import type { Topic } from '../../domain/topic.js';
import type { Clock, Sleep } from '../../ports/clock.js';
import type { DigestStore, SendPacer } from '../../ports/delivery-state.js';
import type { Mailer, TelegramClient, WebhookClient } from '../../ports/senders.js';
import type { ArticleStore, DeliveryLedger, SubscriberStore } from '../../ports/stores.js';

/** Webhook receivers' keys by subscriber id: a ReadonlyMap is one. */
export interface WebhookKeys {
  get(subscriberId: string): string | undefined;
}

export interface DeliverAlertConfig {
  /** The deployment stage; part of the emails' List-Id. */
  stage: string;
  /** Public base URL of the HTTP API: unsubscribe and preferences links point here; its host names the List-Id. */
  publicBaseUrl: string;
  emailFrom: string;
  /** The sender's display name in From and in List-Id. */
  fromName: string;
  replyTo?: string;
  /** The emails' language tag (<html lang>). */
  language: string;
  /** HMAC key for the unsubscribe/preferences links in emails (shared with the subscriptions function); only send-email has it. */
  tokenSecret?: string;
  topics: readonly Pick<Topic, 'id' | 'name'>[];
  /** Each webhook receiver's own HMAC key, by subscriber id (the WebhookKeys secret); only send-webhook has them. */
  webhookKeys?: WebhookKeys;
  telegram?: { perChatPerSecond: number; perBotPerSecond: number };
  storm?: StormConfig;
  maxAttempts?: number;
  linkTtlDays?: number;
  leaseSeconds?: number;
}

export interface DeliverAlertDeps {
  articles: ArticleStore;
  subscribers: SubscriberStore;
  ledger: DeliveryLedger;
  mailer: Mailer;
  telegram: TelegramClient;
  webhooks: WebhookClient;
  clock: Clock;
  config: DeliverAlertConfig;
  /** Held alerts (digest mode, quiet hours, storms). Without it every alert goes out at once. */
  digests?: DigestStore;
  /** The coverage of each digest entry's story ("also reported by"); without it only the held alerts are listed. */
  stories?: StoryCoverage;
  /** Telegram pacing per chat and per bot. Without it only Telegram's 429s slow sending down. */
  pacer?: SendPacer;
  /** Waits out short pacing waits inside the invocation (domain/delivery/pacing.ts); without it every pacing wait re-queues. */
  sleep?: Sleep;
  /** Told of every message the provider accepted (metrics: deliveries per channel, alert latency). */
  onSent?: (sent: AlertSent) => void;
}

/** A message the provider accepted. */
export interface AlertSent {
  channel: Channel;
  kind: 'instant' | 'digest';
  /** Instant alerts: from the poll that first saw the article to the provider's acceptance. */
  latencyMs?: number;
}

/** Delivery metadata from the runtime: the queue's receive count (1 on first delivery). */
export interface DeliveryAttempt {
  attempt?: number;
  /** Same as attempt (the local queue runner's and SQS's name for it). */
  receiveCount?: number;
  /** Milliseconds the invocation has left (Lambda's context). */
  remainingMs?: () => number;
}
