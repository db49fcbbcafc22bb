import type { MatchedTerm } from '../domain/topic.js';
import type { Channel } from '../domain/subscriber.js';
import type { PaceLimit } from '../domain/delivery/pacing.js';
import type { HoldReason } from '../domain/delivery/hold.js';

export type { HoldReason };

/** One batch of held alerts: a subscriber's channel and the instant the batch is due. */
export interface DigestBatchRef {
  subscriberId: string;
  channel: Channel;
  /** ISO 8601 UTC instant the batch is due. */
  slot: string;
}

export interface DigestEntry extends DigestBatchRef {
  articleId: string;
  matches: { topicId: string; terms: MatchedTerm[] }[];
  reason: HoldReason;
  /** Plain-text note the digest shows (e.g. the storm notice). */
  note?: string;
  addedAt: string;
}

/** Alerts held for digests, quiet hours and storms (DynamoDB in AWS). Every write is idempotent. */
export interface DigestStore {
  /** Adds the entry unless (subscriber, channel, slot, article) exists. */
  add(entry: DigestEntry): Promise<void>;
  /** Batches due at `now` that were not handed to a queue since `enqueuedBefore`. */
  listDue(now: Date, enqueuedBefore: Date, limit: number): Promise<DigestBatchRef[]>;
  markEnqueued(ref: DigestBatchRef, now: Date): Promise<void>;
  entries(ref: DigestBatchRef): Promise<DigestEntry[]>;
  /** Removes the batch's entries (after its digest was sent). */
  removeBatch(ref: DigestBatchRef): Promise<void>;
}

/** Counts how busy a topic is, for storm control. */
export interface TopicActivity {
  /** Records that `articleId` matched `topicId` at `now` (once per article) and returns how many distinct articles matched within the window ending now. */
  record(topicId: string, articleId: string, now: Date, windowSeconds: number): Promise<number>;
}

/** Paces sends per chat and per bot (see shared/domain/delivery/pacing.ts for the in-memory one). */
export interface SendPacer {
  /** Milliseconds `holder` must wait; 0 means send now. A holder that asks again keeps its place. */
  reserve(holder: string, limits: readonly PaceLimit[], now: Date): Promise<number>;
  /** The send `holder` was let go for got its answer (or failed) at `at`. */
  answered(holder: string, at: Date): Promise<void>;
  /** Nobody sends on `key` before `until` (after a 429 retry_after). */
  holdOff(key: string, until: Date): Promise<void>;
}

/** A story's topics and the article that alerted each first: a topic alerts once per story. */
export interface StoryAlerts {
  /**
   * True when `articleId` may alert `topicId` for its story: no article of the story alerted the topic yet (this call
   * records it), or this very article did (a redelivered fan-out delivers again; the delivery ledger sends nothing twice).
   */
  claim(claim: { storyId: string; topicId: string; articleId: string }, now: Date): Promise<boolean>;
}
