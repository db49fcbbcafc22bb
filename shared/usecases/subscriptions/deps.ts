/** What the subscription use cases need, the same in Lambda and in the local runtime. */
import type { RateLimitRule } from '../../domain/subscription/rate-limits.js';
import type { Topic } from '../../domain/topic.js';
import type { Clock, Sleep } from '../../ports/clock.js';
import type { Mailer, SendingAccount, TelegramClient } from '../../ports/senders.js';
import type { OnceKeys, RateLimiter, SubscriberLookup, SubscriberStore, SuppressionStore } from '../../ports/stores.js';
import type { RecentMatchesDeps } from './recent-matches.js';

export interface SubscriptionConfig {
  /** Links in emails point here (e.g. https://news.example.org). */
  publicBaseUrl: string;
  emailFrom: string;
  /** The sender's display name in From. */
  fromName: string;
  replyTo?: string;
  /** The emails' language tag (<html lang>). */
  language: string;
  /** Key of the sealed confirm / preferences / unsubscribe tokens (the same key delivery seals alert links with). */
  tokenSecret: string;
  topics: readonly Pick<Topic, 'id' | 'name' | 'description'>[];
  confirmTtlHours: number;
  /** Lifetime of preferences / unsubscribe links we hand out (as in alerts). */
  linkTtlDays: number;
  /** Subscribe requests per network and per address; other pages and unsubscribe links per network (defaults: DEFAULT_REQUEST_LIMITS). */
  rateLimits: { perIp: RateLimitRule; perAddress: RateLimitRule; pagesPerIp?: RateLimitRule; unsubscribePerIp?: RateLimitRule };
  /**
   * Milliseconds every answer to a request naming an address (subscribe, a new link) takes, whatever the address's
   * state: the work differs by state (a suppressed address is never mailed), so answers wait for this budget, which
   * should exceed the slowest work (an SES call and a few DynamoDB requests). 0 answers as soon as the work is done.
   */
  answerMs: number;
  /** The bot's @username without "@": the subscribe page offers a link that opens it with the chosen topics. */
  telegramBotUsername?: string;
  /** Where those links point (default https://t.me; the local Telegram stand-in locally). */
  telegramLinkBase?: string;
}

export type SubscriberRecords = SubscriberStore & SubscriberLookup;

/** Structured log lines for the runtime's logger (Powertools in Lambda, the console locally). */
export type EventLog = (event: string, detail: Record<string, unknown>) => void;

export interface SubscriptionDeps {
  subscribers: SubscriberRecords;
  suppressions: SuppressionStore;
  rateLimiter: RateLimiter;
  mailer: Mailer;
  /** Tells every subscriber alike when the provider cannot mail them yet (the SES sandbox); absent: it can. */
  sendingAccount?: SendingAccount;
  clock: Clock;
  /** Holds answers to `config.answerMs`. */
  sleep: Sleep;
  /** Fresh randomness for ids (new subscribers, pending changes): at least 128 bits, lower-case hex. */
  randomId: () => string;
  config: SubscriptionConfig;
  /** Where the subscribe page reads each topic's newest matches; absent: the page shows none. */
  recent?: Omit<RecentMatchesDeps, 'log'>;
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
  email: { from: string; fromName: string; replyTo?: string; language: string };
  topics: SubscriptionConfig['topics'];
  subscriptions: { confirmTtlHours: number; rateLimits: SubscriptionConfig['rateLimits']; answerMs: number; telegramBotUsername?: string | undefined; telegramLinkBase?: string | undefined };
  delivery: { linkTtlDays: number };
}

/** The subscription config from the validated app config and the signing key (a secret, never config). */
export function subscriptionConfig(app: SubscriptionAppConfig, tokenSecret: string): SubscriptionConfig {
  return {
    publicBaseUrl: app.publicBaseUrl,
    emailFrom: app.email.from,
    fromName: app.email.fromName,
    ...(app.email.replyTo ? { replyTo: app.email.replyTo } : {}),
    language: app.email.language,
    tokenSecret,
    topics: app.topics,
    confirmTtlHours: app.subscriptions.confirmTtlHours,
    linkTtlDays: app.delivery.linkTtlDays,
    rateLimits: app.subscriptions.rateLimits,
    answerMs: app.subscriptions.answerMs,
    ...(app.subscriptions.telegramBotUsername ? { telegramBotUsername: app.subscriptions.telegramBotUsername } : {}),
    ...(app.subscriptions.telegramLinkBase ? { telegramLinkBase: app.subscriptions.telegramLinkBase } : {}),
  };
}
