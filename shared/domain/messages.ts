import type { Channel } from './subscriber.js';
import type { MatchedTerm } from './topic.js';

/** Queue message bodies: the hand-offs between functions. Every consumer must be idempotent. */

/**
 * poll queue → poll-feed: a group of feeds (dispatch-polls sends up to FEEDS_PER_POLL_MESSAGE in one message, a
 * tenth of the SQS requests and invocations), each polled on its own (its own lease, schedule and failures); or one
 * feed (`feedId`: messages queued before feeds were grouped).
 */
export interface PollRequested {
  feedIds?: string[];
  feedId?: string;
  /** Poll even when the feed is not due (an admin's one-off run); scheduled polls leave it unset. */
  force?: boolean;
  /**
   * Not a poll: ingest the body a WebSub hub pushed for `feedId`: in the message itself (base64, when it fits:
   * pushed-body.ts) or stored in the push inbox under `key`.
   */
  pushed?: PushedBody;
}

/** A pushed body carried in the poll message (base64 of its bytes) or named by its key in the push inbox. */
export type PushedBody = { key: string; contentType?: string } | { body: string; contentType?: string };

export const FEEDS_PER_POLL_MESSAGE = 10;

/** The feeds a poll message names, each once. */
export function feedIdsOf(message: PollRequested): string[] {
  return [...new Set([...(message.feedIds ?? []), ...(message.feedId !== undefined ? [message.feedId] : [])])];
}

/** fan-out queue → fan-out: one new article with every topic it matched. */
export interface ArticleMatchesHandedOn {
  articleId: string;
  /** The article's story: each (story, topic) alerts once. Absent: the article is a story of its own. */
  storyId?: string;
  matches: { topicId: string; terms: MatchedTerm[] }[];
}

/** email / telegram / webhook queues → send-*: one alert for one subscriber on one channel. */
export interface DeliveryRequested {
  subscriberId: string;
  channel: Channel;
  articleId: string;
  matches: { topicId: string; terms: MatchedTerm[] }[];
  /** Set by fan-out for matched topics that are flooding (storm control); see shared/domain/delivery/storm-control.ts. */
  storm?: { topicId: string; count: number }[];
  /** Set by send-digests: deliver the held batch due at this ISO instant (then articleId is `digest:<slot>` and matches is empty). */
  digestSlot?: string;
}

/** publish queue → publish-feeds */
export interface PublishRequested {
  topicId: string;
}
