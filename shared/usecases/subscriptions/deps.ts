/** What the subscription use cases need, the same in Lambda and in the local runtime. */
import type { RateLimitRule } from '../../domain/subscription/rate-limits.js';
import type { Topic } from '../../domain/topic.js';
import type { Clock } from '../../ports/clock.js';
import type { Mailer, TelegramClient } from '../../ports/senders.js';
import type { OnceKeys, RateLimiter, SubscriberLookup, SubscriberStore, SuppressionStore } from '../../ports/stores.js';

export interface SubscriptionConfig {
  /** Links in emails point here (e.g. https://news.example.org). */
  publicBaseUrl: string;
  emailFrom: string;
  replyTo?: string;
  /** HMAC key of confirm / preferences / unsubscribe tokens (the same key delivery signs alert links with). */
  tokenSecret: string;
  topics: readonly Pick<Topic, 'id' | 'name' | 'description'>[];
  confirmTtlHours: number;
  /** Lifetime of preferences / unsubscribe links we hand out (as in alerts). */
  linkTtlDays: number;
  /** Subscribe requests per network and per address; other pages and unsubscribe links per network (defaults: DEFAULT_REQUEST_LIMITS). */
  rateLimits: { perIp: RateLimitRule; perAddress: RateLimitRule; pagesPerIp?: RateLimitRule; unsubscribePerIp?: RateLimitRule };
}

export type SubscriberRecords = SubscriberStore & SubscriberLookup;

/** Structured log lines for the runtime's logger (Powertools in Lambda, the console locally). */
export type EventLog = (event: string, detail: Record<string, unknown>) => void;

export interface SubscriptionDeps {
  subscribers: SubscriberRecords;
  suppressions: SuppressionStore;
  rateLimiter: RateLimiter;
  mailer: Mailer;
  clock: Clock;
  config: SubscriptionConfig;
  log?: EventLog;
}

export interface TelegramBotDeps {
  subscribers: SubscriberRecords;
  telegram: TelegramClient;
  clock: Clock;
  config: { topics: readonly Pick<Topic, 'id' | 'name'>[]; botUsername?: string };
  /** De-duplicates redelivered updates; without it a redelivered update is handled again (harmless, one more reply). */
  onceKeys?: OnceKeys;
  log?: EventLog;
}

export interface SesEventsDeps {
  subscribers: SubscriberRecords;
  suppressions: SuppressionStore;
  clock: Clock;
  log?: EventLog;
}

/** The part of the app config the subscription use cases read; the runtime's validated AppConfig is one. */
export interface SubscriptionAppConfig {
  publicBaseUrl: string;
  email: { from: string; replyTo?: string };
  topics: SubscriptionConfig['topics'];
  subscriptions: { confirmTtlHours: number; rateLimits: SubscriptionConfig['rateLimits'] };
  delivery: { linkTtlDays: number };
}

/** The subscription config from the validated app config and the signing key (a secret, never config). */
export function subscriptionConfig(app: SubscriptionAppConfig, tokenSecret: string): SubscriptionConfig {
  return {
    publicBaseUrl: app.publicBaseUrl,
    emailFrom: app.email.from,
    ...(app.email.replyTo ? { replyTo: app.email.replyTo } : {}),
    tokenSecret,
    topics: app.topics,
    confirmTtlHours: app.subscriptions.confirmTtlHours,
    linkTtlDays: app.delivery.linkTtlDays,
    rateLimits: app.subscriptions.rateLimits,
  };
}
