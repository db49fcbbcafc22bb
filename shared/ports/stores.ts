import type { Article } from '../domain/article.js';
import type { FeedState } from '../domain/feed-source.js';
import type { ArticleMatched } from '../domain/topic.js';
import type { Channel, Subscriber } from '../domain/subscriber.js';

export interface ArticleStore {
  /** Stores the article unless one with its id exists. Returns true when it was new. */
  putIfAbsent(article: Article): Promise<boolean>;
  get(id: string): Promise<Article | undefined>;
  /** Every stored article, oldest first, in pages (for backtests and tools). */
  scan(pageSize?: number): AsyncIterable<Article[]>;
}

export interface FeedStateStore {
  get(feedId: string): Promise<FeedState | undefined>;
  put(state: FeedState): Promise<void>;
  list(): Promise<FeedState[]>;
  /** Takes a lease on a feed until `until`; false when another poller holds it. */
  acquireLease(feedId: string, holder: string, now: Date, until: Date): Promise<boolean>;
  releaseLease(feedId: string, holder: string): Promise<void>;
}

/** Matches, with a transactional outbox: each is stored pending, handed on, then marked done. */
export interface MatchStore {
  /** Stores the match as pending unless it exists. Returns true when it was new. */
  putPending(match: ArticleMatched): Promise<boolean>;
  markHandedOn(match: Pick<ArticleMatched, 'articleId' | 'topicId'>): Promise<void>;
  /** Pending matches created before `olderThan` (for the sweep). */
  listPending(olderThan: Date, limit?: number): Promise<ArticleMatched[]>;
  /** The latest matches of a topic, newest first. */
  latestForTopic(topicId: string, limit: number): Promise<ArticleMatched[]>;
  /**
   * Optional: the latest matches over all topics, newest first (for the combined feed). When absent,
   * publish-feeds merges `latestForTopic` over the configured topics instead.
   */
  latest?(limit: number): Promise<ArticleMatched[]>;
  countByTopic(): Promise<Record<string, number>>;
}

export interface SubscriberStore {
  get(id: string): Promise<Subscriber | undefined>;
  put(subscriber: Subscriber): Promise<void>;
  listByTopic(topicId: string): Promise<Subscriber[]>;
}

export interface DeliveryKey {
  subscriberId: string;
  channel: Channel;
  articleId: string;
}

/**
 * The delivery ledger: at most one send per (subscriber, channel, article).
 * `claim` takes a short lease (so concurrent duplicates send nothing), `complete` records the send.
 */
export interface DeliveryLedger {
  /** 'claimed' when this caller may send; 'sent' when it was already sent; 'busy' when another holds the lease. */
  claim(key: DeliveryKey, now: Date, leaseSeconds: number): Promise<'claimed' | 'sent' | 'busy'>;
  complete(key: DeliveryKey, now: Date, providerId?: string): Promise<void>;
  release(key: DeliveryKey): Promise<void>;
}

/**
 * Subscriber lookups by address (self-service subscriptions, SES events, the Telegram bot). Several records
 * may hold one address (say an admin-defined one and a self-service one): every holder is returned.
 */
export interface SubscriberLookup {
  /** Subscribers whose email is this address (compared case-insensitively). */
  findByEmail(email: string): Promise<Subscriber[]>;
  findByTelegramChatId(chatId: string): Promise<Subscriber[]>;
}

export interface SuppressionEntry {
  /** Normalised (trimmed, lower-case) address. */
  email: string;
  reason: 'bounce' | 'complaint';
  /** ISO instant of the SES event. */
  at: string;
  /** e.g. the bounce subtype or complaint feedback type, for people reading the table. */
  detail?: string;
}

/** Addresses newshound must never mail again (SES permanent bounces and complaints). */
export interface SuppressionStore {
  /** Records the suppression unless the address is already suppressed. True when this call recorded it. */
  suppress(entry: SuppressionEntry): Promise<boolean>;
  get(email: string): Promise<SuppressionEntry | undefined>;
}

/** Fixed-window counters for abuse limits. */
export interface RateLimiter {
  /**
   * Counts one request against `key` in the window ending at `windowEndsAt` (the key names the window).
   * False, without counting, when `limit` requests were already counted in it.
   */
  hit(key: string, limit: number, windowEndsAt: Date): Promise<boolean>;
}

/** Keys seen once (e.g. Telegram update ids), to make redelivered inputs do nothing. */
export interface OnceKeys {
  /** True when this call claimed the key; false when it was claimed before and has not expired. */
  claim(key: string, expiresAt: Date): Promise<boolean>;
  /** Gives a claimed key back (the work it guarded failed and should run again). */
  release(key: string): Promise<void>;
}
