import type { PushSubscription } from '../domain/websub/subscription.js';
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

/**
 * Feed states, one small item per feed (under 1 KB: one write unit). The lease lives on that item, and taking it
 * records the poll, so a 304 that changes nothing else costs that one write (see domain/polling/last-poll.ts).
 * States are read as `withLastPoll(stored, last poll)`. A feed's recent item ids have their own item.
 */
export interface FeedStateStore {
  get(feedId: string): Promise<FeedState | undefined>;
  /** The states of these feeds (feeds never polled are left out), by key: no index, no scan. */
  getMany(feedIds: string[]): Promise<FeedState[]>;
  /** Writes the state; keeps the lease and the recent ids. */
  put(state: FeedState): Promise<void>;
  /**
   * Takes the lease on a feed until `until` and records a poll at `now` (its number: one more than the last), in
   * one write; false when another poller holds it. On success, the poll's number and the state as it reads after
   * that write (undefined for a feed with none yet). `takeOverIfStartedBefore` also takes a lease whose poll began
   * before that instant: a poll that cannot be running any more (it began longer ago than a poll may last).
   */
  acquireLease(feedId: string, holder: string, now: Date, until: Date, options?: { takeOverIfStartedBefore?: Date }): Promise<false | { poll: number; state: FeedState | undefined }>;
  releaseLease(feedId: string, holder: string): Promise<void>;
  /** Ids of the items in the feed at its last 200 that brought unseen ones (all stored: not looked up again). */
  getRecentIds(feedId: string): Promise<string[]>;
  putRecentIds(feedId: string, ids: string[]): Promise<void>;
}

/** A match the fan-out queue refused, kept out of the outbox with the reason, for an admin to look into. */
export interface ParkedMatch extends ArticleMatched {
  parkedReason: string;
  /** ISO instant it was parked. */
  parkedAt: string;
}

/**
 * Matches, with a transactional outbox: each is stored pending, handed on, then marked done; one the queue refuses
 * for good is parked instead.
 */
export interface MatchStore {
  /** Stores the match as pending unless it exists. Returns true when it was new. */
  putPending(match: ArticleMatched): Promise<boolean>;
  markHandedOn(match: Pick<ArticleMatched, 'articleId' | 'topicId'>): Promise<void>;
  /** Pending matches created before `olderThan` (for the sweep). */
  listPending(olderThan: Date, limit?: number): Promise<ArticleMatched[]>;
  /**
   * Takes a pending match out of the outbox for good, so no sweep re-hands it, and records why. A match that is
   * not pending (already handed on, parked, or absent) is left as it is.
   */
  markParked(match: Pick<ArticleMatched, 'articleId' | 'topicId'>, reason: string, at: Date): Promise<void>;
  /** Parked matches, latest match first. */
  listParked(limit: number): Promise<ParkedMatch[]>;
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
  /**
   * The id of the address's self-service record: `id` when this call claims the address, else the id claimed
   * before. Atomic, so concurrent subscribe requests for a new address agree on one record.
   */
  claimWebId(email: string, id: string): Promise<string>;
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

/** WebSub subscriptions, one small item per feed (apart from the 1 KB feed state), listed with one query. */
export interface PushSubscriptionStore {
  get(feedId: string): Promise<PushSubscription | undefined>;
  list(): Promise<PushSubscription[]>;
  put(subscription: PushSubscription): Promise<void>;
  /** Sets the given fields (undefined ones are removed) of an existing subscription; false when there is none. */
  update(feedId: string, changes: Partial<Omit<PushSubscription, 'feedId'>>): Promise<boolean>;
  delete(feedId: string): Promise<void>;
}
