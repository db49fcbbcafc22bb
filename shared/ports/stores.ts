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
